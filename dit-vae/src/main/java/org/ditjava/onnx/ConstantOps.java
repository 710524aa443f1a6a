package org.ditjava.onnx;

import java.util.List;
import java.util.Map;
import onnx.Onnx.AttributeProto;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Ops whose result is known at import time: Constant ({@code value}, {@code value_float(s)},
 * {@code value_int(s)}) and ConstantOfShape (the shape must be known at import time).
 */
final class ConstantOps {
    private ConstantOps() {
    }

    static void register(Map<String, OpMapper> m) {
        m.put("Constant", ctx -> List.of(Value.constant(constant(ctx.attrs()))));
        m.put("ConstantOfShape", ConstantOps::constantOfShape);
    }

    private static INDArray constant(Attributes attrs) {
        if (attrs.has("value")) {
            return TensorProtos.toArray(attrs.get("value").getT());
        }
        if (attrs.has("value_float")) {
            return Nd4j.scalar(attrs.getFloat("value_float", 0f));
        }
        if (attrs.has("value_int")) {
            return Nd4j.scalar(attrs.getInt("value_int", 0));
        }
        if (attrs.has("value_floats")) {
            List<Float> f = attrs.getFloats("value_floats");
            float[] v = new float[f.size()];
            for (int i = 0; i < v.length; i++) {
                v[i] = f.get(i);
            }
            return Nd4j.createFromArray(v);
        }
        if (attrs.has("value_ints")) {
            return Nd4j.createFromArray(attrs.getInts("value_ints", null));
        }
        throw new NodeException("Constant without a supported value attribute (value, value_float(s), value_int(s))");
    }

    private static List<Value> constantOfShape(NodeContext ctx) {
        long[] shape = ctx.longs(0, "shape");
        INDArray fill = Nd4j.scalar(0f);
        AttributeProto value = ctx.attrs().get("value");
        if (value != null) {
            fill = TensorProtos.toArray(value.getT());
        }
        DataType type = fill.dataType();
        INDArray out = Nd4j.create(type, shape);
        if (out.length() > 0) {
            out.assign(fill.getDouble(0));
        }
        return List.of(Value.constant(out));
    }
}
