package org.ditjava.train;

import org.ditjava.data.Cursor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One batch of training inputs.
 *
 * @param x      images or latents x_0, float32 (N, C, H, W); images in [−1, 1]
 * @param labels class indices, int64 (N)
 * @param next   the data position just after this batch (saved in checkpoints)
 */
public record TrainingBatch(INDArray x, INDArray labels, Cursor next) {
}
