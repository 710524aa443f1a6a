package org.ditjava.diffusion;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Where a sampler's standard-normal draws come from: the reference's {@code th.randn} / {@code th.randn_like}
 * calls, made pluggable so that a recorded sequence can be replayed ({@link ReplayNoise}) and a seeded one
 * reproduced ({@link GaussianNoise}). A source is stateful: each call is the next draw.
 */
@FunctionalInterface
public interface NoiseSource {

    /** The next draw: a fresh float32 array of {@code shape} with independent N(0, 1) entries. */
    INDArray next(long[] shape);
}
