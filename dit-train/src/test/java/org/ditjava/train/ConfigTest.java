package org.ditjava.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Presets, validation messages and the JSON round trip of the configuration. */
class ConfigTest {
    @TempDir
    Path tmp;

    @Test
    void presetsRoundTripThroughJson() throws IOException {
        for (TrainPreset p : TrainPreset.values()) {
            TrainConfig c = p.config(tmp);
            Path f = tmp.resolve(p.cliName() + ".json");
            Json.write(f, c);
            assertEquals(c, Json.read(f, TrainConfig.class), p.cliName());
        }
        assertEquals(TrainPreset.FMNIST_QUICK, TrainPreset.parse("FMNIST-quick"));
    }

    @Test
    void thePaperPresetIsThePapersRecipe() {
        TrainConfig c = TrainPreset.PAPER.config(tmp);
        assertEquals("DiT-XL/2", c.model().modelName());
        assertEquals(AdamConfig.PAPER, c.adam());
        assertEquals(1e-4, c.adam().learningRate());
        assertEquals(0.0, c.adam().weightDecay());
        assertEquals(0.9999, c.emaDecay());
        assertEquals(256, c.batchSize());
        assertEquals(0.1, c.model().classDropoutProb());
        assertTrue(c.data().flip());
    }

    @Test
    void badValuesAreNamed() {
        TrainConfig base = TinyRuns.config(10, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> base.toBuilder().accumulation(3).build());
        assertTrue(e.getMessage().contains("accumulation 3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> base.toBuilder().maxSteps(0).minutes(0).build());
        assertTrue(e.getMessage().contains("--steps") && e.getMessage().contains("--minutes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> base.toBuilder().emaDecay(1.0).build());
        assertTrue(e.getMessage().contains("EMA decay"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SamplerSpec(SamplerKind.DDPM, 50, 0.5));
        assertTrue(e.getMessage().contains("eta"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SamplerSpec(SamplerKind.HEUN, 10, 0.5));
        assertTrue(e.getMessage().contains("eta"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new SamplerSpec(SamplerKind.DPM_SOLVER_PP_2M, 1, 0));
        assertTrue(e.getMessage().contains("--steps") && e.getMessage().contains("got 1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SamplerKind.parse("dpm++3m"));
        assertTrue(e.getMessage().contains("dpm++3m"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SampleLabels.parse("0,12", 10));
        assertTrue(e.getMessage().contains("class 12"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainPreset.PAPER.config(null));
        assertTrue(e.getMessage().contains("--data-dir"), e.getMessage());
    }

    @Test
    void metricsAfterTheResumedStepAreDropped() throws IOException {
        Path f = tmp.resolve("metrics.csv");
        try (MetricsCsv m = MetricsCsv.open(f, 0)) {
            for (int s = 10; s <= 40; s += 10) {
                m.append(new MetricsRow(s, 0, s * 4L, 1.0 / s, 0.5 / s, 0.5 / s, 1, 1e-4, 1, 4, s));
            }
        }
        try (MetricsCsv m = MetricsCsv.open(f, 20)) {
            assertEquals(2, m.rows().size());
            assertEquals(20, m.rows().get(1).step());
        }
    }
}
