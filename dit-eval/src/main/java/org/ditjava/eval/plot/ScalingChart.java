package org.ditjava.eval.plot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ditjava.io.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * The paper's scaling picture (DiT, Figure "transformer Gflops are strongly correlated with FID"):
 * FID against forward Gflops on a logarithmic axis, one series per model family (DiT-S, DiT-B, …),
 * points ordered by Gflops within a series, drawn with XChart and written as a PNG.
 */
public final class ScalingChart {
    private static final int WIDTH = 800;
    private static final int HEIGHT = 600;

    private ScalingChart() {
    }

    /** The chart of {@code runs}. */
    public static XYChart chart(List<ScalingRun> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("no runs to plot");
        }
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT)
                .title("FID vs transformer Gflops").xAxisTitle("Transformer Gflops").yAxisTitle("FID").build();
        chart.getStyler().setXAxisLogarithmic(true);
        chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        chart.getStyler().setChartBackgroundColor(java.awt.Color.WHITE);
        Map<String, List<ScalingRun>> families = new LinkedHashMap<>();
        runs.stream().sorted((a, b) -> Double.compare(a.gflops(), b.gflops()))
                .forEach(r -> families.computeIfAbsent(r.family(), f -> new ArrayList<>()).add(r));
        families.forEach((family, points) -> {
            XYSeries s = chart.addSeries(family, points.stream().mapToDouble(ScalingRun::gflops).toArray(),
                    points.stream().mapToDouble(ScalingRun::fid).toArray());
            s.setMarker(SeriesMarkers.CIRCLE);
            s.setXYSeriesRenderStyle(points.size() > 1 ? XYSeries.XYSeriesRenderStyle.Line : XYSeries.XYSeriesRenderStyle.Scatter);
        });
        return chart;
    }

    /** Draws {@code runs} into a PNG at {@code png} (written atomically). */
    public static void writePng(List<ScalingRun> runs, Path png) throws IOException {
        XYChart chart = chart(runs);
        Path dir = png.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        try (AtomicFile out = AtomicFile.create(png)) {
            try (var stream = Files.newOutputStream(out.tempPath())) {
                BitmapEncoder.saveBitmap(chart, stream, BitmapEncoder.BitmapFormat.PNG);
            }
            out.commit();
        }
    }
}
