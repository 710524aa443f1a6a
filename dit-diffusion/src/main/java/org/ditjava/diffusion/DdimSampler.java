package org.ditjava.diffusion;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DDIM sampling (Song et al. 2021, eq. 12): {@code ddim_sample} and {@code ddim_sample_loop} of
 * facebookresearch/DiT {@code diffusion/gaussian_diffusion.py}. eps is re-derived from the x_0 prediction;
 * sigma = eta sqrt((1 - abar_prev) / (1 - abar)) sqrt(1 - abar / abar_prev);
 * x_{t-1} = x_0 sqrt(abar_prev) + sqrt(1 - abar_prev - sigma^2) eps + [t != 0] sigma noise.
 * eta = 0 is deterministic, eta = 1 matches DDPM's posterior variance. Each step draws its noise even when
 * eta = 0, as the reference does, so draw counts (and replays) agree with it. The per-sample coefficients are
 * computed in float32 from the float32-converted schedule values, like the reference's tensors.
 */
public final class DdimSampler implements Sampler {

    private final GaussianDiffusion diffusion;
    private final boolean clipDenoised;
    private final double eta;

    /**
     * @param clipDenoised clamp each x_0 prediction to [-1, 1]
     * @param eta          stochasticity, &gt;= 0 (0 = deterministic DDIM)
     */
    public DdimSampler(GaussianDiffusion diffusion, boolean clipDenoised, double eta) {
        if (!(eta >= 0) || Double.isInfinite(eta)) {
            throw new IllegalArgumentException("DDIM eta must be a finite value >= 0, got " + eta);
        }
        this.diffusion = Objects.requireNonNull(diffusion, "diffusion");
        this.clipDenoised = clipDenoised;
        this.eta = eta;
    }

    @Override
    public GaussianDiffusion diffusion() {
        return diffusion;
    }

    @Override
    public StepResult step(Denoiser model, INDArray x, int[] t, INDArray y, NoiseSource noise) {
        PMeanVariance p = diffusion.pMeanVariance(model, x, t, y, clipDenoised);
        INDArray eps = diffusion.predictEpsFromXstart(x, t, p.predXstart());
        float[] sqrtAlphaBarPrev = new float[t.length];
        float[] epsScale = new float[t.length];
        float[] sigma = new float[t.length];
        DiffusionSchedule schedule = diffusion.schedule();
        for (int i = 0; i < t.length; i++) {
            float alphaBar = (float) schedule.alphasCumprod[t[i]];
            float alphaBarPrev = (float) schedule.alphasCumprodPrev[t[i]];
            float s = (float) eta * sqrt((1 - alphaBarPrev) / (1 - alphaBar)) * sqrt(1 - alphaBar / alphaBarPrev);
            sqrtAlphaBarPrev[i] = sqrt(alphaBarPrev);
            epsScale[i] = sqrt(1 - alphaBarPrev - s * s);
            sigma[i] = t[i] != 0 ? s : 0f;                     // nonzero_mask * sigma
        }
        INDArray draw = noise.next(x.shape());
        INDArray sample = p.predXstart().mul(Tensors.perSample(sqrtAlphaBarPrev, x))
                .addi(eps.muli(Tensors.perSample(epsScale, x)))
                .addi(draw.mul(Tensors.perSample(sigma, x)));
        return new StepResult(sample, p.predXstart());
    }

    /** float32 square root (the double root rounded once to float is the correctly rounded float root). */
    private static float sqrt(float value) {
        return (float) Math.sqrt(value);
    }
}
