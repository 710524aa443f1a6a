package org.ditjava.eval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Copies between ND4J arrays and Java arrays for the loops that run on the host. */
final class HostData {
    private HostData() {
    }

    /** The elements of {@code a} in C order as float32 (cast if needed). */
    static float[] floats(INDArray a) {
        return contiguous(a, DataType.FLOAT).data().asFloat();
    }

    /** The elements of {@code a} in C order as float64 (cast if needed). */
    static double[] doubles(INDArray a) {
        return contiguous(a, DataType.DOUBLE).data().asDouble();
    }

    /** {@code a} as a fresh C-order array of type {@code type} whose buffer holds exactly its elements. */
    static INDArray contiguous(INDArray a, DataType type) {
        INDArray t = a.dataType() == type ? a : a.castTo(type);
        boolean exact = t.ordering() == 'c' && !t.isView() && t.data().length() == t.length() && t.offset() == 0;
        return exact ? t : t.dup('c');
    }
}
