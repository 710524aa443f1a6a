package org.ditjava.diffusion;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Heun's second-order method on the probability-flow ODE (Karras et al. 2022, "Elucidating the Design Space
 * of Diffusion-Based Generative Models", Algorithm 1, deterministic), on the (respaced) discrete chain of a
 * {@link GaussianDiffusion}. In EDM's variables sigma = sqrt((1 - abar) / abar) and x^ = x_t / sqrt(abar)
 * = x_t sqrt(1 + sigma^2) the ODE is dx^/dsigma = eps(x_t, t), and a step from chain index t to t - 1 is
 * <pre>
 *   x^'  = x^ + (sigma_{t-1} - sigma_t) eps(x_t, t)                                   (Euler: DDIM exactly)
 *   x^'' = x^ + (sigma_{t-1} - sigma_t) (eps(x_t, t) + eps(x'_{t-1}, t - 1)) / 2      (trapezoidal correction)
 * </pre>
 * with x'_{t-1} = x^' sqrt(abar_{t-1}). The network is only ever queried at the chain's own (trained,
 * integer) timesteps. eps is re-derived from the x_0 prediction as DDIM does, so the learned-variance
 * channels are ignored and {@code clipDenoised} applies.
 *
 * <p>Last step, as EDM: the step from chain index 0 goes to sigma = 0 (abar_prev = 1, where DDIM's last step
 * also lands) and is Euler alone, returning the x_0 prediction. So a chain of N timesteps ({@code --steps N})
 * makes N steps and 2N - 1 model evaluations. Deterministic: x_T is the only draw.
 */
public final class HeunSampler implements Sampler {

    private final GaussianDiffusion diffusion;
    private final boolean clipDenoised;

    /** @param clipDenoised clamp each x_0 prediction to [-1, 1] */
    public HeunSampler(GaussianDiffusion diffusion, boolean clipDenoised) {
        this.diffusion = Objects.requireNonNull(diffusion, "diffusion");
        this.clipDenoised = clipDenoised;
    }

    @Override
    public GaussianDiffusion diffusion() {
        return diffusion;
    }

    @Override
    public int drawsPerStep() {
        return 0;
    }

    /** Two model calls per step except the last. */
    @Override
    public int modelEvaluations() {
        return 2 * diffusion.numTimesteps() - 1;
    }

    @Override
    public StepResult step(Denoiser model, INDArray x, int[] t, INDArray y, NoiseSource noise) {
        INDArray x0 = diffusion.pMeanVariance(model, x, t, y, clipDenoised).predXstart();
        INDArray eps = diffusion.predictEpsFromXstart(x, t, x0);
        float[] keep = new float[t.length];
        float[] euler = new float[t.length];
        float[] first = new float[t.length];    // coefficient of eps(x_t, t) in the result
        float[] second = new float[t.length];   // coefficient of eps(x'_{t-1}, t - 1); 0 on the last step
        int[] next = new int[t.length];
        boolean corrected = false;
        DiffusionSchedule schedule = diffusion.schedule();
        for (int i = 0; i < t.length; i++) {
            double abar = schedule.alphasCumprod[t[i]];
            double abarPrev = schedule.alphasCumprodPrev[t[i]];
            double dSigma = Math.sqrt((1 - abarPrev) / abarPrev) - Math.sqrt((1 - abar) / abar);
            keep[i] = (float) Math.sqrt(abarPrev / abar);
            euler[i] = (float) (Math.sqrt(abarPrev) * dSigma);
            first[i] = t[i] > 0 ? (float) (Math.sqrt(abarPrev) * dSigma / 2) : euler[i];
            second[i] = t[i] > 0 ? first[i] : 0f;
            next[i] = Math.max(t[i] - 1, 0);
            corrected |= t[i] > 0;
        }
        INDArray kept = x.mul(Tensors.perSample(keep, x));                          // x^ sqrt(abar_{t-1})
        INDArray predicted = kept.add(eps.mul(Tensors.perSample(euler, x)));        // Euler, VP scaling
        if (!corrected) {
            return new StepResult(predicted, x0);
        }
        INDArray x0Next = diffusion.pMeanVariance(model, predicted, next, y, clipDenoised).predXstart();
        INDArray epsNext = diffusion.predictEpsFromXstart(predicted, next, x0Next);
        INDArray sample = kept.addi(eps.muli(Tensors.perSample(first, x)))
                .addi(epsNext.muli(Tensors.perSample(second, x)));
        return new StepResult(sample, x0);
    }
}
