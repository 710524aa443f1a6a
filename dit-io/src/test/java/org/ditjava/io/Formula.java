package org.ditjava.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The value formulas of {@code src/test/python/make_numpy_files.py}: element i (flat C order)
 * of an array of each type. Shared by the NumPy-file tests and the round-trip tests.
 */
final class Formula {
    private Formula() {
    }

    static double value(DType type, long i) {
        return switch (type) {
            case FLOAT32 -> (float) ((i * 0.37 - 5) / 3);
            case FLOAT64 -> (i * 0.37 - 5) / 3;
            case INT64 -> i * 1_000_000_007L - 3_000_000_000_000L;
            case INT32 -> (int) (i * 7919 - 100000);
            case UINT8 -> (i * 37 + 11) % 256;
            case BOOL -> i % 3 == 0 ? 1 : 0;
        };
    }

    /** A C-order array of the given type and shape filled by the formula. */
    static INDArray make(DType type, long... shape) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        double[] v = new double[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = value(type, i);
        }
        INDArray flat = Nd4j.createFromArray(v).castTo(type.nd4j());
        return n == 0 ? Nd4j.create(type.nd4j(), shape) : flat.reshape('c', shape);
    }

    /** Asserts type, shape and every element. */
    static void check(INDArray actual, DType type, long... shape) {
        assertEquals(type.nd4j(), actual.dataType(), "data type");
        assertArrayEquals(shape, actual.shape(), "shape");
        INDArray flat = actual.dup('c').reshape(actual.length());
        for (long i = 0; i < actual.length(); i++) {
            double got = type == DType.INT64 ? flat.getLong(i) : flat.getDouble(i);
            assertEquals(value(type, i), got, 0.0, "element " + i);
        }
    }
}
