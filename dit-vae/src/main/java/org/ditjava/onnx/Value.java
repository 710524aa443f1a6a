package org.ditjava.onnx;

import java.util.List;
import java.util.stream.IntStream;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An ONNX tensor as the importer knows it: its type and import-time shape, and its contents in one
 * of three forms.
 * <ul>
 *   <li><b>constant</b>: an initializer, a {@code Constant} node, or a node whose inputs were all
 *       constant (folded at import time);</li>
 *   <li><b>symbolic</b>: a small integer vector or scalar whose elements are {@link Dim}s, e.g.
 *       {@code Shape(x)} of a tensor with a dynamic batch; the {@code Shape → Gather → Concat →
 *       Reshape} chains of torch exports are resolved on these at import time;</li>
 *   <li><b>dynamic</b>: a SameDiff variable computed when the graph runs.</li>
 * </ul>
 */
final class Value {
    private final DataType dtype;
    private final List<Dim> shape;
    private final INDArray constant;
    private final List<Dim> elements;
    private final SDVariable variable;

    private Value(DataType dtype, List<Dim> shape, INDArray constant, List<Dim> elements, SDVariable variable) {
        this.dtype = dtype;
        this.shape = List.copyOf(shape);
        this.constant = constant;
        this.elements = elements == null ? null : List.copyOf(elements);
        this.variable = variable;
    }

    static Value constant(INDArray array) {
        List<Dim> shape = IntStream.range(0, array.rank()).mapToObj(i -> Dim.of(array.size(i))).toList();
        return new Value(array.dataType(), shape, array, null, null);
    }

    /** An integer scalar ({@code scalar}) or vector of import-time dimensions. */
    static Value symbolic(List<Dim> elements, boolean scalar) {
        if (elements.stream().allMatch(Dim::isKnown)) {
            long[] v = elements.stream().mapToLong(Dim::value).toArray();
            return constant(scalar ? Nd4j.scalar(v[0]) : Nd4j.createFromArray(v));
        }
        List<Dim> shape = scalar ? List.of() : List.of(Dim.of(elements.size()));
        return new Value(DataType.INT64, shape, null, elements, null);
    }

    static Value dynamic(SDVariable variable, DataType dtype, List<Dim> shape) {
        return new Value(dtype, shape, null, null, variable);
    }

    DataType dtype() {
        return dtype;
    }

    /** The shape as known at import time. */
    List<Dim> shape() {
        return shape;
    }

    int rank() {
        return shape.size();
    }

    Dim dim(int axis) {
        return shape.get(axis);
    }

    boolean isConstant() {
        return constant != null;
    }

    INDArray constant() {
        return constant;
    }

    boolean isDynamic() {
        return variable != null;
    }

    SDVariable variable() {
        return variable;
    }

    /**
     * The elements of an integer scalar or vector as dimensions, when known at import time
     * (constant or symbolic); {@code null} otherwise.
     */
    List<Dim> elements() {
        if (elements != null) {
            return elements;
        }
        if (constant != null && constant.rank() <= 1 && isInteger(constant.dataType())) {
            long[] v = constant.rank() == 0 ? new long[] {constant.getLong(0)} : constant.toLongVector();
            return java.util.Arrays.stream(v).mapToObj(Dim::of).toList();
        }
        return null;
    }

    boolean isScalar() {
        return shape.isEmpty();
    }

    static boolean isInteger(DataType t) {
        return t == DataType.INT64 || t == DataType.INT32 || t == DataType.INT16 || t == DataType.INT8
                || t == DataType.UINT8 || t == DataType.UINT16 || t == DataType.UINT32 || t == DataType.UINT64;
    }

    @Override
    public String toString() {
        String kind = constant != null ? "constant" : elements != null ? "symbolic " + elements : "dynamic";
        return dtype + String.valueOf(shape) + " " + kind;
    }
}
