package org.ditjava.onnx;

import java.util.List;
import onnx.Onnx.AttributeProto;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import onnx.Onnx.OperatorSetIdProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.TypeProto;
import onnx.Onnx.ValueInfoProto;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Builds small ONNX models with the protobuf builders, for tests and the benchmark: graph inputs
 * (sizes as numbers or {@code dim_param} names), initializers from arrays, nodes with attributes.
 */
public final class OnnxModelBuilder {
    private final int opset;
    private final GraphProto.Builder graph = GraphProto.newBuilder().setName("test");
    private int counter;

    public OnnxModelBuilder(int opset) {
        this.opset = opset;
    }

    /** A graph input; each dim is a Long/Integer size or a String {@code dim_param}. */
    public OnnxModelBuilder input(String name, DataType type, Object... dims) {
        graph.addInput(valueInfo(name, type, dims));
        return this;
    }

    /** A graph output (type FLOAT unless given, shape left unspecified). */
    public OnnxModelBuilder output(String name) {
        return output(name, DataType.FLOAT);
    }

    public OnnxModelBuilder output(String name, DataType type) {
        graph.addOutput(ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProtos.onnxType(type)))));
        return this;
    }

    public OnnxModelBuilder initializer(String name, INDArray value) {
        graph.addInitializer(TensorProtos.fromArray(name, value));
        return this;
    }

    /** Adds a node; returns this builder. */
    public OnnxModelBuilder node(String op, List<String> inputs, List<String> outputs, AttributeProto... attrs) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(op + "_" + counter++)
                .addAllInput(inputs).addAllOutput(outputs);
        for (AttributeProto a : attrs) {
            n.addAttribute(a);
        }
        graph.addNode(n);
        return this;
    }

    /** A Constant node producing {@code name}. */
    public OnnxModelBuilder constant(String name, INDArray value) {
        return node("Constant", List.of(), List.of(name), tensor("value", value));
    }

    public ModelProto build() {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("dit-java tests")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph).build();
    }

    public byte[] bytes() {
        return build().toByteArray();
    }

    private static ValueInfoProto valueInfo(String name, DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder b = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof String s) {
                b.setDimParam(s);
            } else {
                b.setDimValue(((Number) d).longValue());
            }
            shape.addDim(b);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(TensorProtos.onnxType(type)).setShape(shape))).build();
    }

    public static AttributeProto ints(String name, long... v) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long x : v) {
            a.addInts(x);
        }
        return a.build();
    }

    public static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(v).build();
    }

    public static AttributeProto floatAttr(String name, float v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(v).build();
    }

    public static AttributeProto string(String name, String v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.STRING)
                .setS(ByteString.copyFromUtf8(v)).build();
    }

    public static AttributeProto tensor(String name, INDArray v) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.TENSOR)
                .setT(TensorProtos.fromArray("", v)).build();
    }
}
