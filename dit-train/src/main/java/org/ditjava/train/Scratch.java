package org.ditjava.train;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One flat buffer handed out, reshaped, as the temporary of in-place updates ({@link Adam}): it grows
 * to the largest tensor seen and is reused, so an update allocates nothing per tensor or step.
 * Not thread-safe; each caller owns one.
 */
final class Scratch {
    private INDArray flat;

    /** A dense c-order array of {@code like}'s shape and type, contents undefined, valid until the next call. */
    INDArray like(INDArray like) {
        long n = like.length();
        if (flat == null || flat.length() < n || flat.dataType() != like.dataType()) {
            flat = Nd4j.createUninitialized(like.dataType(), n);
        }
        INDArray prefix = n == flat.length() ? flat : flat.get(NDArrayIndex.interval(0, n));
        return prefix.reshape('c', like.shape());
    }
}
