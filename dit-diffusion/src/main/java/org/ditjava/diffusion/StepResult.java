package org.ditjava.diffusion;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One reverse step's output: {@code {"sample", "pred_xstart"}} of {@code p_sample} / {@code ddim_sample}
 * in facebookresearch/DiT {@code diffusion/gaussian_diffusion.py}. Both float32 shaped like x_t.
 */
public record StepResult(INDArray sample, INDArray predXstart) {
}
