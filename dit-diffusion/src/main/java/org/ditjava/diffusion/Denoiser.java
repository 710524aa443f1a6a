package org.ditjava.diffusion;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The network the diffusion queries: {@code model(x, t, y)} in facebookresearch/DiT {@code models.py} /
 * {@code diffusion/gaussian_diffusion.py}. Keeping it an interface means this module never depends on
 * SameDiff and is tested with closed-form stand-ins.
 */
@FunctionalInterface
public interface Denoiser {

    /**
     * @param x noisy input, float32 (N, C, H, W)
     * @param t ORIGINAL-scale timesteps, LONG (N): a respaced chain has already mapped its step indices
     *          through {@link DiffusionSchedule#timestepMap()} (the reference's {@code _WrappedModel})
     * @param y class labels (N), passed through untouched; may be null for an unconditional model
     * @return float32 (N, 2C, H, W) = [epsilon | variance values] for a learned variance, else (N, C, H, W)
     */
    INDArray apply(INDArray x, INDArray t, INDArray y);
}
