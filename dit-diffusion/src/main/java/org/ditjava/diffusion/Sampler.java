package org.ditjava.diffusion;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A reverse-process sampler over a {@link GaussianDiffusion}: a step that returns a result and mutates
 * nothing, and the loop of {@code p_sample_loop_progressive} / {@code ddim_sample_loop_progressive} in
 * facebookresearch/DiT {@code diffusion/gaussian_diffusion.py} built from it.
 *
 * <p>Draw order, which a replayed noise sequence depends on: the loop draws x_T first (unless an initial
 * noise is given), then each step draws {@link #drawsPerStep()} arrays shaped like x after calling the model:
 * one for DDPM and DDIM (as the reference, including the final t = 0 step whose draw is multiplied by 0),
 * none for the deterministic ODE samplers ({@link DpmSolverPlusPlusSampler}, {@link HeunSampler}).
 */
public interface Sampler {

    /** The chain this sampler walks. */
    GaussianDiffusion diffusion();

    /**
     * One reverse step from x_t to x_{t-1}.
     *
     * @param t chain indices, one per sample (the model sees the original-scale timesteps)
     * @param noise source of this step's single draw
     */
    StepResult step(Denoiser model, INDArray x, int[] t, INDArray y, NoiseSource noise);

    /** Arrays shaped like x that each step draws from its noise source (see the class comment). */
    default int drawsPerStep() {
        return 1;
    }

    /** Model calls of a whole {@link #sampleLoop} (one per step unless a step evaluates the model twice). */
    default int modelEvaluations() {
        return diffusion().numTimesteps();
    }

    /**
     * Runs every step from the last index of the chain down to 0 and returns the final sample.
     *
     * @param shape        (N, C, H, W) of the samples
     * @param initialNoise x_T; null to draw it from {@code noise}
     * @param listener     told about each step, in order
     */
    default INDArray sampleLoop(Denoiser model, long[] shape, INDArray y, INDArray initialNoise, NoiseSource noise,
            SamplingListener listener) {
        Objects.requireNonNull(listener, "listener");
        INDArray x = startingPoint(shape, initialNoise, noise);
        int total = diffusion().numTimesteps();
        int[] t = new int[(int) shape[0]];
        for (int step = 0; step < total; step++) {
            Arrays.fill(t, total - 1 - step);
            StepResult result = step(model, x, t, y, noise);
            listener.onStep(step, total, result);
            x = result.sample();
        }
        return x;
    }

    /**
     * x_T of a loop: {@code initialNoise} when given (checked against {@code shape}), else the next draw of
     * {@code noise}.
     */
    static INDArray startingPoint(long[] shape, INDArray initialNoise, NoiseSource noise) {
        Objects.requireNonNull(noise, "noise");
        INDArray x = initialNoise != null ? initialNoise : noise.next(shape);
        if (!Arrays.equals(x.shape(), shape)) {
            throw new IllegalArgumentException("initial noise " + Arrays.toString(x.shape()) + " is not shaped "
                    + Arrays.toString(shape));
        }
        return x;
    }
}
