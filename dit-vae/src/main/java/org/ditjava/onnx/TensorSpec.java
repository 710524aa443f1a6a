package org.ditjava.onnx;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A graph input or output: its ONNX name, element type and shape as known at import time
 * ({@code -1} for a size only known at run time, such as the batch).
 */
public record TensorSpec(String name, DataType dataType, long[] shape) {

    public TensorSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** The size of {@code axis}, or -1 when only known at run time. */
    public long dim(int axis) {
        return shape[axis];
    }

    /** Whether {@code a} has this type, rank and every known size. */
    public boolean accepts(INDArray a) {
        if (a.dataType() != dataType || a.rank() != shape.length) {
            return false;
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] >= 0 && shape[i] != a.size(i)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TensorSpec t && t.name.equals(name) && t.dataType == dataType && Arrays.equals(t.shape, shape);
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return "'" + name + "' " + dataType + Arrays.toString(shape).replace("-1", "?");
    }
}
