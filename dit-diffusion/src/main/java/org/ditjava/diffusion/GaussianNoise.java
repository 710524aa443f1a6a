package org.ditjava.diffusion;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded N(0, 1) draws from {@link java.util.Random#nextGaussian()}, whose algorithm the JDK specifies, so a
 * seed gives the same numbers on every JVM and on every ND4J backend (ND4J's own generators differ between
 * the CPU and CUDA backends). The numbers are not PyTorch's: parity runs replay recorded draws instead.
 * Not thread-safe; one instance per sampling run.
 */
public final class GaussianNoise implements NoiseSource {

    private final long seed;
    private final Random random;

    public GaussianNoise(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
    }

    /** The seed this source started from. */
    public long seed() {
        return seed;
    }

    @Override
    public INDArray next(long[] shape) {
        long count = 1;
        for (long dim : shape) {
            if (dim < 0) {
                throw new IllegalArgumentException("negative dimension in shape");
            }
            count = Math.multiplyExact(count, dim);
        }
        if (count > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("a single draw of " + count + " values is too large");
        }
        float[] values = new float[(int) count];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return Nd4j.createFromArray(values).reshape(shape);
    }
}
