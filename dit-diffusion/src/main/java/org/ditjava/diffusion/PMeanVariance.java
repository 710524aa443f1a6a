package org.ditjava.diffusion;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The model's reverse step p(x_{t-1} | x_t) and its x_0 prediction: the dict returned by
 * {@code p_mean_variance} in facebookresearch/DiT {@code diffusion/gaussian_diffusion.py}.
 * All four are float32 tensors shaped like x_t.
 */
public record PMeanVariance(INDArray mean, INDArray variance, INDArray logVariance, INDArray predXstart) {
}
