package org.ditjava.bench;

import java.util.Random;
import org.ditjava.diffusion.GaussianNoise;
import org.ditjava.model.DiTConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded synthetic inputs: latents x ~ N(0, 1) (N, C, H, W), timesteps and labels uniform. Timings do
 * not depend on the values; seeding only keeps runs comparable.
 *
 * @param x      (N, C, H, W) float32
 * @param t      original-scale timesteps (N) int64
 * @param labels class labels (N) int64, never the null class
 */
public record BenchInputs(INDArray x, INDArray t, INDArray labels) {

    /** A batch of {@code n} for {@code model}. */
    public static BenchInputs of(DiTConfig model, int n, long seed) {
        Random r = new Random(seed);
        long[] t = new long[n];
        long[] y = new long[n];
        for (int i = 0; i < n; i++) {
            t[i] = r.nextInt(1000);
            y[i] = r.nextInt(model.numClasses());
        }
        INDArray x = new GaussianNoise(seed).next(new long[] {n, model.inChannels(), model.inputSize(), model.inputSize()});
        return new BenchInputs(x, Nd4j.createFromArray(t), Nd4j.createFromArray(y));
    }

    /** Rows: the batch size N. */
    public int batch() {
        return (int) x.size(0);
    }
}
