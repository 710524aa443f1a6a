package org.ditjava.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ditjava.io.NpzReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * diffusion_step.npz: one p_mean_variance / p_sample / ddim_sample step. The respacing strings are derived
 * from the lengths of cfg.timestep_map and cfg.ddim_timestep_map, as verify_fixtures.py does.
 */
class StepParityTest {

    private static final Pattern DDIM_SAMPLE = Pattern.compile("out\\.ddim_eta([0-9.]+)\\.sample");

    private static NpzReader file;
    private static INDArray x;
    private static INDArray modelOutput;
    private static INDArray noise;

    @BeforeAll
    static void load() {
        file = Fixtures.open("diffusion_step.npz");
        x = Fixtures.floats(file, "in.x_t");
        modelOutput = Fixtures.floats(file, "in.model_output");
        noise = Fixtures.floats(file, "in.noise");
    }

    @AfterAll
    static void close() throws IOException {
        file.close();
    }

    @Test
    void pMeanVarianceAndPSampleMatchTheReference() {
        int[] map = Fixtures.ints(file, "cfg.timestep_map");
        GaussianDiffusion diffusion = GaussianDiffusion.create(String.valueOf(map.length));
        assertArrayEquals(map, diffusion.timestepMap(), "timestep map");
        int[] t = Fixtures.ints(file, "in.t");
        StandInModels.Fixed model = new StandInModels.Fixed(modelOutput);

        PMeanVariance p = diffusion.pMeanVariance(model, x, t, null, false);
        assertArrayEquals(Fixtures.longs(file, "dbg.model_t"), model.lastTimesteps(), "dbg.model_t");
        Parity.assertClose("step out.mean", Fixtures.floats(file, "out.mean"), p.mean(), Parity.TENSOR);
        Parity.assertClose("step out.variance", Fixtures.floats(file, "out.variance"), p.variance(), Parity.TENSOR);
        Parity.assertClose("step out.log_variance", Fixtures.floats(file, "out.log_variance"), p.logVariance(),
                Parity.TENSOR);
        Parity.assertClose("step out.pred_xstart", Fixtures.floats(file, "out.pred_xstart"), p.predXstart(),
                Parity.TENSOR);

        PMeanVariance clipped = diffusion.pMeanVariance(model, x, t, null, true);
        checkPresent("out.clip.mean", clipped.mean());
        checkPresent("out.clip.pred_xstart", clipped.predXstart());

        ReplayNoise replay = ReplayNoise.of(noise);
        StepResult step = new DdpmSampler(diffusion, false).step(model, x, t, null, replay);
        assertEquals(0, replay.remaining(), "p_sample draws once");
        Parity.assertClose("step out.p_sample", Fixtures.floats(file, "out.p_sample"), step.sample(), Parity.TENSOR);
        checkPresent("out.p_sample.pred_xstart", step.predXstart());
    }

    @Test
    void ddimStepsMatchTheReference() {
        int[] map = Fixtures.ints(file, "cfg.ddim_timestep_map");
        GaussianDiffusion diffusion = GaussianDiffusion.create("ddim" + map.length);
        assertArrayEquals(map, diffusion.timestepMap(), "ddim timestep map");
        int[] t = Fixtures.ints(file, "in.ddim_t");
        List<String> etaKeys = file.names().stream().filter(k -> DDIM_SAMPLE.matcher(k).matches()).toList();
        assertFalse(etaKeys.isEmpty(), "no out.ddim_eta*.sample keys");
        for (String key : etaKeys) {
            Matcher m = DDIM_SAMPLE.matcher(key);
            m.matches();
            double eta = Double.parseDouble(m.group(1));
            StandInModels.Fixed model = new StandInModels.Fixed(modelOutput);
            ReplayNoise replay = ReplayNoise.of(noise);
            StepResult step = new DdimSampler(diffusion, false, eta).step(model, x, t, null, replay);
            assertEquals(0, replay.remaining(), "ddim_sample draws once, even for eta = 0");
            assertArrayEquals(Fixtures.longs(file, "dbg.ddim_model_t"), model.lastTimesteps(), "dbg.ddim_model_t");
            Parity.assertClose("step " + key, Fixtures.floats(file, key), step.sample(), Parity.TENSOR);
            checkPresent("out.ddim_eta" + m.group(1) + ".pred_xstart", step.predXstart());
        }
    }

    private static void checkPresent(String key, INDArray actual) {
        assertTrue(file.contains(key), "fixture key " + key + " missing");
        Parity.assertClose("step " + key, Fixtures.floats(file, key), actual, Parity.TENSOR);
    }
}
