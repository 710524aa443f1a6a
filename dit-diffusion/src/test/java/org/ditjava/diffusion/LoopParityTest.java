package org.ditjava.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.ditjava.io.NpzReader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * diffusion_loop.npz: the whole p_sample_loop replaying the reference's recorded draws (x_T first, then one
 * per step including the masked t = 0 draw), and the deterministic ddim_sample_loop(eta = 0).
 */
class LoopParityTest {

    private static NpzReader file;
    private static GaussianDiffusion diffusion;
    private static INDArray noiseInit;

    @BeforeAll
    static void load() {
        file = Fixtures.open("diffusion_loop.npz");
        int[] map = Fixtures.ints(file, "cfg.timestep_map");
        diffusion = GaussianDiffusion.create(String.valueOf(map.length));
        assertArrayEquals(map, diffusion.timestepMap(), "timestep map");
        noiseInit = Fixtures.floats(file, "in.noise_init");
    }

    @AfterAll
    static void close() throws IOException {
        file.close();
    }

    @Test
    void replayedDdpmLoopMatchesTheReference() {
        INDArray noises = Fixtures.floats(file, "in.noises");                 // (T, N, C, H, W)
        long[] one = new long[noiseInit.rank() + 1];
        one[0] = 1;
        System.arraycopy(noiseInit.shape(), 0, one, 1, noiseInit.rank());
        // x_T first, then the T per-step draws: (T + 1, N, C, H, W)
        ReplayNoise replay = ReplayNoise.unstacked(Nd4j.concat(0, noiseInit.reshape(one), noises));
        StandInModels.Loop model = new StandInModels.Loop();
        List<StepResult> steps = new ArrayList<>();
        INDArray sample = new DdpmSampler(diffusion, false).sampleLoop(model, noiseInit.shape(), null, null, replay,
                (step, total, result) -> steps.add(result));

        assertEquals(0, replay.remaining(), "T + 1 draws, as the reference");
        long[][] modelT = new long[model.timesteps.size()][];
        model.timesteps.toArray(modelT);
        INDArray expectedT = Fixtures.read(file, "dbg.model_t_seq");
        for (int k = 0; k < modelT.length; k++) {
            assertArrayEquals(expectedT.getRow(k).toLongVector(), modelT[k], "dbg.model_t_seq[" + k + "]");
        }
        assertEquals(expectedT.size(0), modelT.length, "model calls");
        Parity.assertClose("loop out.sample", Fixtures.floats(file, "out.sample"), sample, Parity.TENSOR);
        INDArray xSeq = Fixtures.floats(file, "dbg.x_seq");
        INDArray predSeq = Fixtures.floats(file, "dbg.pred_xstart_seq");
        assertEquals(xSeq.size(0), steps.size(), "steps");
        double worstX = 0;
        double worstPred = 0;
        for (int k = 0; k < steps.size(); k++) {
            worstX = Math.max(worstX, Parity.assertClose("loop dbg.x_seq[" + k + "]",
                    Tensors.rows(xSeq, k, k + 1).reshape(noiseInit.shape()), steps.get(k).sample(), Parity.TENSOR));
            worstPred = Math.max(worstPred, Parity.assertClose("loop dbg.pred_xstart_seq[" + k + "]",
                    Tensors.rows(predSeq, k, k + 1).reshape(noiseInit.shape()), steps.get(k).predXstart(),
                    Parity.TENSOR));
        }
        System.out.printf("[parity] loop dbg.x_seq worst %.3e, dbg.pred_xstart_seq worst %.3e%n", worstX, worstPred);
    }

    @Test
    void deterministicDdimLoopMatchesTheReference() {
        String key = "out.ddim_eta0.sample";
        assertTrue(file.contains(key), "fixture key " + key + " missing");
        // eta = 0 multiplies every draw by 0, so any seed gives the reference's result
        INDArray sample = new DdimSampler(diffusion, false, 0.0).sampleLoop(new StandInModels.Loop(),
                noiseInit.shape(), null, noiseInit, new GaussianNoise(12345), SamplingListener.NONE);
        Parity.assertClose("loop " + key, Fixtures.floats(file, key), sample, Parity.TENSOR);
    }
}
