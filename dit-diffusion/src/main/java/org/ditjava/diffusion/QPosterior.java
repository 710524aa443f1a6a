package org.ditjava.diffusion;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The true posterior q(x_{t-1} | x_t, x_0) (DDPM eq. 6-7): {@code q_posterior_mean_variance} in
 * facebookresearch/DiT {@code diffusion/gaussian_diffusion.py}. All three are float32 tensors shaped like x_t.
 */
public record QPosterior(INDArray mean, INDArray variance, INDArray logVarianceClipped) {
}
