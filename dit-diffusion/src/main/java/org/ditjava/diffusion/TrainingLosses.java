package org.ditjava.diffusion;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-sample training terms: the {@code terms} dict of {@code training_losses} in facebookresearch/DiT
 * {@code diffusion/gaussian_diffusion.py}, plus the x_t it was computed at.
 *
 * @param xT   q_sample(x_0, t, noise), float32 (N, C, ...)
 * @param mse  mean over C, H, W of the squared error of the mean prediction, float32 (N); null for the
 *             KL loss types, which have no such term
 * @param vb   the variational-bound term in bits, float32 (N): KL(q || p) for t &gt; 0, the discretized
 *             decoder NLL at t = 0; null when the variance is fixed and the loss is an MSE (no such term)
 * @param loss the total per sample, float32 (N)
 */
public record TrainingLosses(INDArray xT, INDArray mse, INDArray vb, INDArray loss) {
}
