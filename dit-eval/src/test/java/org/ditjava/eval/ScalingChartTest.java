package org.ditjava.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.ditjava.eval.plot.ScalingChart;
import org.ditjava.eval.plot.ScalingRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Run folders → FID-vs-Gflops PNG. */
class ScalingChartTest {
    @TempDir
    Path dir;

    private Path run(String name, String model, Double gflops, double fid) throws IOException {
        Path run = Files.createDirectories(dir.resolve(name));
        EvalResult r = new EvalResult(Map.of(Metric.FID, fid), 50000, 10000, "test", model, gflops);
        Files.writeString(run.resolve(ScalingRun.EVAL_JSON), r.toJson());
        return run;
    }

    @Test
    void runsBecomeAPng() throws IOException {
        List<ScalingRun> runs = new ArrayList<>();
        runs.add(ScalingRun.read(run("s2", "DiT-S/2", 6.06, 68.40)));
        runs.add(ScalingRun.read(run("s4", "DiT-S/4", 1.41, 100.41)));
        runs.add(ScalingRun.read(run("xl2", "DiT-XL/2", 118.64, 19.47)));
        Path onlyRunJson = run("mine", null, null, 30.0);
        Files.writeString(onlyRunJson.resolve(ScalingRun.RUN_JSON), "{\"gflops\": 23.01}");
        ScalingRun fromRunJson = ScalingRun.read(onlyRunJson);
        assertEquals(23.01, fromRunJson.gflops());
        assertEquals("mine", fromRunJson.name());
        runs.add(fromRunJson);
        assertEquals("DiT-S", runs.get(0).family());
        Path png = dir.resolve("out/scaling.png");
        ScalingChart.writePng(runs, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertTrue(img.getWidth() > 100 && img.getHeight() > 100);
    }

    @Test
    void runsWithoutGflopsOrFidAreRejected() throws IOException {
        Path noFlops = run("noflops", "DiT-B/2", null, 43.47);
        IOException e = assertThrows(IOException.class, () -> ScalingRun.read(noFlops));
        assertTrue(e.getMessage().contains("noflops") && e.getMessage().contains("gflops"), e.getMessage());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        e = assertThrows(IOException.class, () -> ScalingRun.read(empty));
        assertTrue(e.getMessage().contains("eval.json"), e.getMessage());
    }
}
