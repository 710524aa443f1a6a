package org.ditjava.train;

import java.util.List;
import java.util.Random;
import org.ditjava.data.LabeledImages;
import org.ditjava.diffusion.BetaSchedule;
import org.ditjava.model.BlockType;
import org.ditjava.model.DiTConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Tiny models, synthetic data and configs that train in seconds. */
final class TinyRuns {
    static final int SIDE = 8;
    static final int CLASSES = 3;
    static final DiTConfig MODEL = new DiTConfig(1, 32, 2, 2, SIDE, 1, CLASSES, 0.1, true, BlockType.ADALN_ZERO, 4.0);

    private TinyRuns() {
    }

    /** 48 images of three classes (a bright row, column or diagonal on a noisy background), in [−1, 1]. */
    static LabeledImages images() {
        int n = 48;
        Random r = new Random(11);
        INDArray x = Nd4j.create(DataType.FLOAT, n, 1, SIDE, SIDE);
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % CLASSES;
            int k = r.nextInt(SIDE);
            for (int a = 0; a < SIDE; a++) {
                for (int b = 0; b < SIDE; b++) {
                    boolean on = y[i] == 0 ? a == k : y[i] == 1 ? b == k : a == b;
                    x.putScalar(new long[] {i, 0, a, b}, on ? 1f : -1f + 0.2f * r.nextFloat());
                }
            }
        }
        return new LabeledImages(x, Nd4j.createFromArray(y), List.of("row", "column", "diagonal"));
    }

    /** Opens the synthetic images whatever the spec says. */
    static final DataOpener DATA = (spec, batch, seed, from) -> new InMemoryData(images(), batch, seed, true, from);

    /** A config for {@code steps} steps of 4 images in 2 micro-batches, a checkpoint every {@code every}. */
    static TrainConfig config(long steps, int every) {
        return new TrainConfig(MODEL, DataSpec.fashionMnist(28, true), 1000, BetaSchedule.LINEAR,
                AdamConfig.PAPER.withLearningRate(1e-3), 0.9, 4, 2, 7, steps, 0, 2, every, 10,
                PreviewSpec.NONE, 1);
    }
}
