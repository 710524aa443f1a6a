package org.ditjava.eval.features;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns image batches as they are stored into what a {@link FeatureNetwork} takes: float32
 * (N, 3, H, W) with values in [0, 255]. ADM's evaluator feeds its float32 cast of the uint8 pixels
 * ({@code batch.astype(np.float32)} in {@code compute_activations}), which is what happens here;
 * grayscale (one channel, or rank-3 (N, H, W)) is replicated to three channels.
 */
public final class ImageBatches {
    private ImageBatches() {
    }

    /**
     * The network input for {@code images}: uint8 or floating point, rank 4 in {@code layout} with 1 or 3
     * channels, or rank 3 (N, H, W) grayscale. Float input is taken as already in [0, 255].
     */
    public static INDArray toNetworkInput(INDArray images, ImageLayout layout) {
        INDArray x = images;
        if (x.rank() == 3) {
            x = x.reshape(x.size(0), x.size(1), x.size(2), 1);
            layout = ImageLayout.NHWC;
        }
        if (x.rank() != 4) {
            throw new IllegalArgumentException("images must be (N, H, W, C), (N, C, H, W) or (N, H, W), got " + Arrays.toString(images.shape()));
        }
        DataType type = x.dataType();
        if (type != DataType.UBYTE && !type.isFPType()) {
            throw new IllegalArgumentException("images must be uint8 (0..255) or floating point in [0, 255], got " + type);
        }
        long channels = layout.channels(x.shape());
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("images must have 1 (grayscale) or 3 (RGB) channels, got " + channels
                    + " in " + layout + " " + Arrays.toString(x.shape()));
        }
        INDArray f = x.castTo(DataType.FLOAT);
        INDArray nchw = layout == ImageLayout.NHWC ? f.permute(0, 3, 1, 2) : f;
        if (channels == 1) {
            nchw = nchw.repeat(1, 3);
        }
        return nchw.dup('c');
    }
}
