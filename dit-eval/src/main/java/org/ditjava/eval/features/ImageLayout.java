package org.ditjava.eval.features;

import java.util.Arrays;

/** The axis order of an image batch: channels last (ADM's sample files) or channels first (ONNX / PyTorch). */
public enum ImageLayout {
    /** (N, H, W, C), as {@code arr_0} of ADM's sample and reference batches. */
    NHWC,
    /** (N, C, H, W), as the Inception graph's {@code images} input. */
    NCHW;

    /** The channel count of a rank-4 batch of this layout. */
    public long channels(long[] shape) {
        return this == NHWC ? shape[3] : shape[1];
    }

    /**
     * Guesses the layout of a rank-4 batch from where a 1- or 3-channel axis sits (channels last
     * wins when both could be, e.g. a 3×3 image).
     */
    public static ImageLayout infer(long[] shape) {
        if (shape.length == 4 && (shape[3] == 1 || shape[3] == 3)) {
            return NHWC;
        }
        if (shape.length == 4 && (shape[1] == 1 || shape[1] == 3)) {
            return NCHW;
        }
        throw new IllegalArgumentException("cannot tell the layout of images shaped " + Arrays.toString(shape)
                + ": expected (N, H, W, C) or (N, C, H, W) with 1 or 3 channels");
    }
}
