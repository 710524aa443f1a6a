package org.ditjava.eval.features;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What a {@link FeatureNetwork} gives for a batch of N images.
 *
 * @param pool    (N, D) float32: the FID / precision-recall features (Inception's {@code pool_3})
 * @param logits  (N, classes) float32 or {@code null}: the classifier logits the Inception Score
 *                takes a softmax of
 * @param spatial (N, Ds) float32 or {@code null}: the sFID features (Inception's {@code mixed_6/conv}
 *                map, first 7 channels, flattened in NHWC order; see {@link SpatialFeatures})
 */
public record FeatureBatch(INDArray pool, INDArray logits, INDArray spatial) {
    public FeatureBatch {
        if (pool == null || pool.rank() != 2) {
            throw new IllegalArgumentException("pool features must be (N, D)");
        }
        long n = pool.rows();
        for (INDArray a : new INDArray[] {logits, spatial}) {
            if (a != null && (a.rank() != 2 || a.rows() != n)) {
                throw new IllegalArgumentException("logits / spatial features must be (" + n + ", ·), got " + Arrays.toString(a.shape()));
            }
        }
    }

    /** The number of images N. */
    public long size() {
        return pool.rows();
    }
}
