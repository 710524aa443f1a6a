package org.ditjava.train;

import java.util.SplittableRandom;
import org.ditjava.diffusion.GaussianNoise;
import org.ditjava.model.DiTConfig;
import org.ditjava.model.LabelEmbedder;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What one training micro-batch draws, in a fixed order from one generator: timesteps uniform over
 * the chain ({@code torch.randint(0, T, (N,))} in DiT train.py), the label drop of classifier-free
 * guidance ({@code token_drop}, p = {@code classDropoutProb}), and the Gaussian noise ε.
 *
 * @param t      chain indices (N)
 * @param labels labels after dropping (null class where dropped), int64 (N)
 * @param noise  ε, float32 shaped like the batch
 */
public record DiffusionDraw(int[] t, INDArray labels, INDArray noise) {

    public DiffusionDraw {
        t = t.clone();
    }

    @Override
    public int[] t() {
        return t.clone();
    }

    /** Draws for a batch of {@code labels} shaped {@code shape} over a chain of {@code steps}. */
    public static DiffusionDraw draw(SplittableRandom rng, int steps, INDArray labels, long[] shape, DiTConfig model) {
        int n = (int) shape[0];
        int[] t = new int[n];
        for (int i = 0; i < n; i++) {
            t[i] = rng.nextInt(steps);
        }
        INDArray dropped = LabelEmbedder.dropLabels(labels, model, rng);
        INDArray noise = new GaussianNoise(rng.nextLong()).next(shape);
        return new DiffusionDraw(t, dropped, noise);
    }
}
