package org.ditjava.train;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ditjava.io.AtomicFile;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** The loss-curve PNG of a run ({@code loss.png}): loss, L_simple and L_vb against steps, log scale. */
public final class LossPlot {
    private static final int WIDTH = 900;
    private static final int HEIGHT = 500;

    private LossPlot() {
    }

    /** Draws {@code rows} to {@code file} (atomically); nothing when there are none. */
    public static void write(Path file, List<MetricsRow> rows, String title) throws IOException {
        if (rows.isEmpty()) {
            return;
        }
        double[] steps = rows.stream().mapToDouble(MetricsRow::step).toArray();
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title)
                .xAxisTitle("step").yAxisTitle("loss (log scale)").build();
        chart.getStyler().setYAxisLogarithmic(true);
        chart.getStyler().setMarkerSize(0);
        add(chart, "loss = mse + vb", steps, rows.stream().mapToDouble(MetricsRow::loss).toArray());
        add(chart, "mse (L_simple)", steps, rows.stream().mapToDouble(MetricsRow::mse).toArray());
        double[] vb = rows.stream().mapToDouble(MetricsRow::vb).toArray();
        if (java.util.Arrays.stream(vb).allMatch(v -> v > 0)) {
            add(chart, "vb (L_vb, bits)", steps, vb);
        }
        try (AtomicFile target = AtomicFile.create(file)) {
            try (OutputStream out = Files.newOutputStream(target.tempPath())) {
                BitmapEncoder.saveBitmap(chart, out, BitmapEncoder.BitmapFormat.PNG);
            }
            target.commit();
        }
    }

    private static void add(XYChart chart, String name, double[] x, double[] y) {
        double[] positive = java.util.Arrays.stream(y).map(v -> Math.max(v, 1e-9)).toArray();
        chart.addSeries(name, x, positive).setMarker(SeriesMarkers.NONE);
    }
}
