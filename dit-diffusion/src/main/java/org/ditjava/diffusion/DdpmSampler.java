package org.ditjava.diffusion;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Ancestral DDPM sampling (Ho et al. 2020, Algorithm 2, with the model's variance): {@code p_sample} and
 * {@code p_sample_loop} of facebookresearch/DiT {@code diffusion/gaussian_diffusion.py}.
 * x_{t-1} = mean + [t != 0] exp(log_variance / 2) noise.
 */
public final class DdpmSampler implements Sampler {

    private final GaussianDiffusion diffusion;
    private final boolean clipDenoised;

    /** @param clipDenoised clamp each x_0 prediction to [-1, 1] (DiT's sample.py uses false) */
    public DdpmSampler(GaussianDiffusion diffusion, boolean clipDenoised) {
        this.diffusion = Objects.requireNonNull(diffusion, "diffusion");
        this.clipDenoised = clipDenoised;
    }

    @Override
    public GaussianDiffusion diffusion() {
        return diffusion;
    }

    @Override
    public StepResult step(Denoiser model, INDArray x, int[] t, INDArray y, NoiseSource noise) {
        PMeanVariance p = diffusion.pMeanVariance(model, x, t, y, clipDenoised);
        INDArray draw = noise.next(x.shape());
        INDArray scale = Tensors.nonzeroMask(t, x).mul(Transforms.exp(p.logVariance().mul(0.5), false));
        INDArray sample = p.mean().add(scale.muli(draw));
        return new StepResult(sample, p.predXstart());
    }
}
