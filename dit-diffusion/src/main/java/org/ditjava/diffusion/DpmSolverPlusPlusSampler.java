package org.ditjava.diffusion;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DPM-Solver++(2M) (Lu et al. 2022, "DPM-Solver++: Fast Solver for Guided Sampling of Diffusion Probabilistic
 * Models", Algorithm 2): the multistep second-order solver of the probability-flow ODE in data prediction,
 * on the (respaced) discrete chain of a {@link GaussianDiffusion}. With alpha = sqrt(abar), sigma =
 * sqrt(1 - abar), lambda = log(alpha / sigma), a step from chain index t to s = t - 1 with h = lambda_s -
 * lambda_t is
 * <pre>
 *   x_s = (sigma_s / sigma_t) x_t - alpha_s (e^{-h} - 1) D,
 *   D   = x0_t                                         (first order: DDIM exactly)
 *   D   = (1 + 1/(2r)) x0_t - 1/(2r) x0_{t+1},  r = (lambda_t - lambda_{t+1}) / h   (second order)
 * </pre>
 * x0 is the model's x_0 prediction, derived as DDIM derives it ({@code p_mean_variance}, so the
 * learned-variance channels are ignored, {@code clipDenoised} clamps it and an x_0-predicting model is used
 * as is). The solver needs no noise: x_T is the only draw.
 *
 * <p>First and last steps, as the paper handles them: the first step has no history and is first order.
 * The last step (chain index 0, timestep 0) lands on abar_prev = 1, sigma = 0, as DDIM's last step does;
 * there h = infinity and the step returns x0_0 exactly (the paper's first-order update at lambda = infinity;
 * the second-order correction is undefined there). {@code lowerOrderFinal} additionally takes the step
 * INTO chain index 0 at first order: the "lower_order_final" of the official solver (LuChengTHU/dpm-solver,
 * used there below 10 steps; diffusers' DPMSolverMultistepScheduler below 15). Deliberate deviation: when
 * enabled it applies at every step count. On DiT's linear schedule the gap from timestep ~999/(N-1) to 0 is
 * a lambda jump of 2-3 with r ~ 0.25, so the second-order extrapolation weight 1/(2r) ~ 2 amplifies the
 * previous prediction's error: on an exact two-Gaussian-mixture score (a float64 NumPy re-implementation;
 * {@code ConvergenceOrderTest} checks the ordering here) it made 20-step samples 4x less accurate than with
 * the final step at first order (0.153 vs 0.035 RMS; DDIM-20 0.056), and the
 * first-order final step stays ahead up to 50 steps. It costs the asymptotic order (that step's local
 * error then dominates as N grows), so the convergence-order tests run with it disabled.
 */
public final class DpmSolverPlusPlusSampler implements Sampler {

    private final GaussianDiffusion diffusion;
    private final boolean clipDenoised;
    private final boolean lowerOrderFinal;

    /**
     * @param clipDenoised    clamp each x_0 prediction to [-1, 1]
     * @param lowerOrderFinal take the step into chain index 0 at first order (see the class comment)
     */
    public DpmSolverPlusPlusSampler(GaussianDiffusion diffusion, boolean clipDenoised, boolean lowerOrderFinal) {
        this.diffusion = Objects.requireNonNull(diffusion, "diffusion");
        this.clipDenoised = clipDenoised;
        this.lowerOrderFinal = lowerOrderFinal;
    }

    @Override
    public GaussianDiffusion diffusion() {
        return diffusion;
    }

    /** Deterministic: no draws after x_T. */
    @Override
    public int drawsPerStep() {
        return 0;
    }

    /** The history-free (first-order, = DDIM eta 0) step; {@link #sampleLoop} uses {@link #multistep}. */
    @Override
    public StepResult step(Denoiser model, INDArray x, int[] t, INDArray y, NoiseSource noise) {
        return multistep(model, x, t, y, null);
    }

    /**
     * One step from chain index t to t - 1.
     *
     * @param previousXstart the x_0 prediction of the step at chain index t + 1 (row by row), or null for a
     *                       first-order step; ignored where a second-order step is not taken (t + 1 past the
     *                       chain, t = 0, or t = 1 with lowerOrderFinal)
     */
    public StepResult multistep(Denoiser model, INDArray x, int[] t, INDArray y, INDArray previousXstart) {
        INDArray x0 = diffusion.pMeanVariance(model, x, t, y, clipDenoised).predXstart();
        float[] keep = new float[t.length];
        float[] current = new float[t.length];
        float[] previous = new float[t.length];
        boolean anyPrevious = false;
        for (int i = 0; i < t.length; i++) {
            double[] c = coefficients(t[i], previousXstart != null && secondOrder(t[i]));
            keep[i] = (float) c[0];
            current[i] = (float) c[1];
            previous[i] = (float) c[2];
            anyPrevious |= c[2] != 0;
        }
        INDArray sample = x.mul(Tensors.perSample(keep, x)).addi(x0.mul(Tensors.perSample(current, x)));
        if (anyPrevious) {
            sample.addi(previousXstart.mul(Tensors.perSample(previous, x)));
        }
        return new StepResult(sample, x0);
    }

    @Override
    public INDArray sampleLoop(Denoiser model, long[] shape, INDArray y, INDArray initialNoise, NoiseSource noise,
            SamplingListener listener) {
        Objects.requireNonNull(listener, "listener");
        INDArray x = Sampler.startingPoint(shape, initialNoise, noise);
        int total = diffusion.numTimesteps();
        int[] t = new int[(int) shape[0]];
        INDArray previous = null;
        for (int step = 0; step < total; step++) {
            Arrays.fill(t, total - 1 - step);
            StepResult result = multistep(model, x, t, y, previous);
            listener.onStep(step, total, result);
            x = result.sample();
            previous = result.predXstart();
        }
        return x;
    }

    private boolean secondOrder(int t) {
        return t + 1 < diffusion.numTimesteps() && t > 0 && !(lowerOrderFinal && t == 1);
    }

    /** {keep, current, previous}: x_s = keep x_t + current x0_t + previous x0_{t+1}, in float64. */
    private double[] coefficients(int t, boolean secondOrder) {
        double[] abar = diffusion.schedule().alphasCumprod;
        double abarS = diffusion.schedule().alphasCumprodPrev[t];
        double alphaT = Math.sqrt(abar[t]);
        double sigmaT = Math.sqrt(1 - abar[t]);
        double alphaS = Math.sqrt(abarS);
        double sigmaS = Math.sqrt(1 - abarS);
        double keep = sigmaS / sigmaT;
        double phi = alphaS - alphaT * keep;                 // -alpha_s (e^{-h} - 1), finite at sigma_s = 0
        if (!secondOrder) {
            return new double[] {keep, phi, 0};
        }
        double h = lambda(abarS) - lambda(abar[t]);
        double r = (lambda(abar[t]) - lambda(abar[t + 1])) / h;
        return new double[] {keep, phi * (1 + 1 / (2 * r)), -phi / (2 * r)};
    }

    /** lambda = log(alpha / sigma) = log(abar / (1 - abar)) / 2. */
    private static double lambda(double abar) {
        return 0.5 * Math.log(abar / (1 - abar));
    }
}
