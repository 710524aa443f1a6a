package org.ditjava.eval.features;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The sFID feature from a spatial map: ADM takes TF's NHWC {@code mixed_6/conv:0} output,
 * keeps channels {@code [..., :7]} and flattens per image ({@code _create_feature_graph} and
 * {@code compute_activations} in guided-diffusion's {@code evaluations/evaluator.py}). From an
 * NCHW map that is {@code spatial[:, :7].transpose(0, 2, 3, 1).reshape(N, 7·H·W)}.
 */
public final class SpatialFeatures {
    /** Channels of {@code mixed_6/conv} that ADM's sFID keeps. */
    public static final int SFID_CHANNELS = 7;

    private SpatialFeatures() {
    }

    /** (N, C, H, W) → (N, 7·H·W) in NHWC order, float32. */
    public static INDArray fromNchw(INDArray spatial) {
        if (spatial.rank() != 4 || spatial.size(1) < SFID_CHANNELS) {
            throw new IllegalArgumentException("expected an (N, C >= " + SFID_CHANNELS + ", H, W) spatial map, got " + Arrays.toString(spatial.shape()));
        }
        INDArray kept = spatial.get(NDArrayIndex.all(), NDArrayIndex.interval(0, SFID_CHANNELS), NDArrayIndex.all(), NDArrayIndex.all());
        INDArray nhwc = kept.permute(0, 2, 3, 1).dup('c');
        return nhwc.reshape(spatial.size(0), SFID_CHANNELS * spatial.size(2) * spatial.size(3));
    }
}
