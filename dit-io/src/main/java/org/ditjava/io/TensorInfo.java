package org.ditjava.io;

import java.util.Arrays;

/**
 * Element type and shape of one stored array, known before any data is read.
 *
 * @param dtype element type
 * @param shape dimensions, outermost first; empty for a scalar
 */
public record TensorInfo(DType dtype, long[] shape) {

    public TensorInfo {
        shape = shape.clone();
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of elements (1 for a scalar); throws if it overflows a {@code long}. */
    public long numElements() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Number of data bytes; throws if it overflows a {@code long}. */
    public long numBytes() {
        return Math.multiplyExact(numElements(), dtype.byteSize());
    }

    /** Shape in NumPy's tuple style, e.g. {@code (2, 3)}. */
    public String shapeString() {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        StringBuilder b = new StringBuilder("(");
        for (int i = 0; i < shape.length; i++) {
            b.append(i == 0 ? "" : ", ").append(shape[i]);
        }
        return b.append(')').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorInfo t && t.dtype == dtype && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return 31 * dtype.hashCode() + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return dtype.numpyDescr() + " " + shapeString();
    }
}
