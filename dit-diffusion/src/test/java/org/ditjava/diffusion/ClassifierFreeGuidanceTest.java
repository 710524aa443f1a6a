package org.ditjava.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ClassifierFreeGuidanceTest {

    private static final int N = 2;
    private static final int C = 4;
    private static final long NULL_CLASS = 10;
    private static final double SCALE = 4.0;

    /** out[:, k] = x[:, k mod C] + (y + 1)(k + 1): every output channel depends on the label. */
    private final List<INDArray> seenX = new ArrayList<>();
    private final Denoiser labelled = (x, t, y) -> {
        seenX.add(x.dup());
        INDArray out = Nd4j.concat(1, x, x);                                          // (B, 2C, H, W)
        for (int row = 0; row < out.size(0); row++) {
            for (int k = 0; k < out.size(1); k++) {
                Tensors.block(out, row, row + 1, k, k + 1).addi((y.getLong(row) + 1.0) * (k + 1));
            }
        }
        return out;
    };

    @Test
    void officialModeGuidesTheFirstThreeChannelsOnly() {
        INDArray out = guided(GuidedChannels.FIRST_THREE, SCALE);
        INDArray plain = plainOutputs();
        for (int k = 0; k < 2 * C; k++) {
            for (int row = 0; row < 2 * N; row++) {
                double expected = k < 3 ? mix(plain, row % N, k) : plain.getDouble(row, k, 0, 0);
                assertEquals(expected, out.getDouble(row, k, 0, 0), 1e-4, "row " + row + " channel " + k);
            }
        }
    }

    @Test
    void allChannelsModeGuidesEveryEpsilonChannelButNoVariance() {
        INDArray out = guided(GuidedChannels.ALL_EPSILON, SCALE);
        INDArray plain = plainOutputs();
        for (int k = 0; k < 2 * C; k++) {
            for (int row = 0; row < 2 * N; row++) {
                double expected = k < C ? mix(plain, row % N, k) : plain.getDouble(row, k, 0, 0);
                assertEquals(expected, out.getDouble(row, k, 0, 0), 1e-4, "row " + row + " channel " + k);
            }
        }
    }

    @Test
    void bothHalvesSeeTheFirstHalfOfTheBatch() {
        guided(GuidedChannels.FIRST_THREE, SCALE);
        INDArray seen = seenX.get(0);
        assertEquals(Tensors.rows(seen, 0, N), Tensors.rows(seen, N, 2 * N));
    }

    @Test
    void scaleOneGivesTheConditionalOutputOnTheGuidedChannels() {
        INDArray x = input();
        INDArray out = new ClassifierFreeGuidance(labelled, 1.0).apply(x, timesteps(), labels());
        assertEquals(2 * N, seenX.get(0).size(0), "the reference evaluates both halves, scale 1 included");
        INDArray raw = labelled.apply(Nd4j.concat(0, Tensors.rows(x, 0, N), Tensors.rows(x, 0, N)), timesteps(), labels());
        long guided = GuidedChannels.FIRST_THREE.count(C, raw.size(1));
        INDArray cond = Tensors.block(raw, 0, N, 0, guided);
        assertTrue(Tensors.block(out, 0, N, 0, guided).equalsWithEps(cond, 1e-5));
        assertTrue(Tensors.block(out, N, 2 * N, 0, guided).equalsWithEps(cond, 1e-5));
        assertEquals(Tensors.channels(raw, guided, raw.size(1)), Tensors.channels(out, guided, out.size(1)),
                "unguided channels pass through per row");
    }

    @Test
    void rejectsAnOddBatch() {
        INDArray x = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, C, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new ClassifierFreeGuidance(labelled, SCALE).apply(x, Nd4j.createFromArray(1L, 1L, 1L),
                        Nd4j.createFromArray(1L, 2L, NULL_CLASS)));
        assertTrue(e.getMessage().contains("3 rows"), e.getMessage());
    }

    @Test
    void guidedChannelsParseFromNames() {
        assertEquals(GuidedChannels.ALL_EPSILON, GuidedChannels.byName("all_epsilon"));
        assertEquals(GuidedChannels.FIRST_THREE, GuidedChannels.byName("FIRST_THREE"));
        assertThrows(IllegalArgumentException.class, () -> GuidedChannels.byName("some"));
        assertArrayEquals(new long[] {3, 2}, new long[] {GuidedChannels.FIRST_THREE.count(4, 8),
                GuidedChannels.FIRST_THREE.count(1, 2)});
    }

    private INDArray guided(GuidedChannels channels, double scale) {
        return new ClassifierFreeGuidance(labelled, scale, channels).apply(input(), timesteps(), labels());
    }

    /** The model's own output for the [cond; null] batch built from the first half of x. */
    private INDArray plainOutputs() {
        INDArray half = Tensors.rows(input(), 0, N);
        INDArray out = labelled.apply(Nd4j.concat(0, half, half), timesteps(), labels());
        seenX.remove(seenX.size() - 1);
        return out;
    }

    private static double mix(INDArray plain, int row, int k) {
        double cond = plain.getDouble(row, k, 0, 0);
        double uncond = plain.getDouble(row + N, k, 0, 0);
        return uncond + SCALE * (cond - uncond);
    }

    /** (2N, C, 2, 2); the second half differs from the first to show it is ignored. */
    private static INDArray input() {
        return new GaussianNoise(17).next(new long[] {2 * N, C, 2, 2});
    }

    private static INDArray timesteps() {
        return Nd4j.createFromArray(500L, 500L, 500L, 500L);
    }

    private static INDArray labels() {
        return Nd4j.createFromArray(3L, 7L, NULL_CLASS, NULL_CLASS);
    }
}
