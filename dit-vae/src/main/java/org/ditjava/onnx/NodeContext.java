package org.ditjava.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import onnx.Onnx.NodeProto;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** What a mapper sees of one node: its inputs as {@link Value}s, attributes, opset, and the graph to build in. */
final class NodeContext {
    private final NodeProto node;
    private final List<Value> inputs;
    private final Attributes attributes;
    private final int opset;
    private final Materializer materializer;

    NodeContext(NodeProto node, List<Value> inputs, int opset, Materializer materializer) {
        this.node = node;
        this.inputs = inputs;
        this.attributes = new Attributes(node);
        this.opset = opset;
        this.materializer = materializer;
    }

    SameDiff sd() {
        return materializer.sd();
    }

    NodeProto node() {
        return node;
    }

    /** The default-domain opset version of the model. */
    int opset() {
        return opset;
    }

    Attributes attrs() {
        return attributes;
    }

    /** Whether optional input {@code i} is given (present and not the empty name). */
    boolean has(int i) {
        return i < inputs.size() && inputs.get(i) != null;
    }

    Value in(int i) {
        if (!has(i)) {
            throw new NodeException("input #" + i + " is required");
        }
        return inputs.get(i);
    }

    SDVariable var(int i) {
        return materializer.variable(in(i));
    }

    SDVariable var(Value v) {
        return materializer.variable(v);
    }

    /** Input {@code i}, which must be known at import time (an initializer or a Constant). */
    INDArray constant(int i, String what) {
        Value v = in(i);
        if (!v.isConstant()) {
            throw new NodeException(what + " (input #" + i + ") must be known at import time (an initializer or Constant)");
        }
        return v.constant();
    }

    /** The elements of integer input {@code i} as import-time dimensions (symbolic allowed). */
    List<Dim> dims(int i, String what) {
        List<Dim> d = in(i).elements();
        if (d == null) {
            throw new NodeException(what + " (input #" + i + ") must be an integer vector known at import time, got " + in(i));
        }
        return d;
    }

    /** The elements of integer input {@code i}, all known at import time. */
    long[] longs(int i, String what) {
        List<Dim> d = dims(i, what);
        if (!d.stream().allMatch(Dim::isKnown)) {
            throw new NodeException(what + " (input #" + i + ") must be known at import time, got " + d);
        }
        return d.stream().mapToLong(Dim::value).toArray();
    }

    /** A SameDiff constant. */
    SDVariable constant(String hint, INDArray a) {
        return materializer.constant(hint, a);
    }

    /** The run-time value of a shape given as dimensions (LONG vector). */
    SDVariable shapeVector(List<Dim> dims) {
        return materializer.vector(dims);
    }

    /**
     * The node's output {@code v}; {@code null} entries of {@code shape} are sizes only known at run
     * time, which become fresh symbols read from {@code v}'s own shape.
     */
    Value out(SDVariable v, DataType type, List<Dim> shape) {
        List<Dim> dims = new ArrayList<>(shape);
        for (int a = 0; a < dims.size(); a++) {
            if (dims.get(a) == null) {
                dims.set(a, Dim.symbol(new Dim.Symbol(node.getOpType() + "#" + a, v, a)));
            }
        }
        return Value.dynamic(v, type, dims);
    }

    /** The same as {@link #out(SDVariable, DataType, List)} with the type of input 0. */
    Value out(SDVariable v, List<Dim> shape) {
        return out(v, in(0).dtype(), shape);
    }

    /** An axis attribute normalised against {@code rank} (negative counts from the end). */
    static int axis(long axis, int rank) {
        long a = axis < 0 ? axis + rank : axis;
        if (a < 0 || a >= rank) {
            throw new NodeException("axis " + axis + " is out of range for rank " + rank);
        }
        return (int) a;
    }

    /** Axes normalised, sorted, distinct. */
    static int[] axes(long[] axes, int rank) {
        return Arrays.stream(axes).mapToInt(a -> axis(a, rank)).sorted().distinct().toArray();
    }
}
