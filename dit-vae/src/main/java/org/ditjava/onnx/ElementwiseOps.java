package org.ditjava.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.function.UnaryOperator;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Elementwise ops (ONNX operator spec: Add, Sub, Mul, Div with multidirectional broadcasting;
 * Relu, Sigmoid, Tanh, Sqrt, Exp, Identity). {@code Mul} of import-time dimensions (torch's
 * {@code h * w} in attention reshapes) stays symbolic.
 */
final class ElementwiseOps {
    private ElementwiseOps() {
    }

    static void register(Map<String, OpMapper> m) {
        m.put("Add", binary(SDVariable::add));
        m.put("Sub", binary(SDVariable::sub));
        m.put("Mul", ElementwiseOps::mul);
        m.put("Div", binary(SDVariable::div));
        m.put("Relu", unary(x -> x.getSameDiff().nn().relu(x, 0)));
        m.put("Sigmoid", unary(x -> x.getSameDiff().nn().sigmoid(x)));
        m.put("Tanh", unary(x -> x.getSameDiff().math().tanh(x)));
        m.put("Sqrt", unary(x -> x.getSameDiff().math().sqrt(x)));
        m.put("Exp", unary(x -> x.getSameDiff().math().exp(x)));
        m.put("Identity", ctx -> List.of(ctx.in(0)));
    }

    private static OpMapper unary(UnaryOperator<SDVariable> f) {
        return ctx -> List.of(ctx.out(f.apply(ctx.var(0)), ctx.in(0).shape()));
    }

    private static OpMapper binary(BinaryOperator<SDVariable> f) {
        return ctx -> {
            Value a = ctx.in(0);
            Value b = ctx.in(1);
            if (a.dtype() != b.dtype()) {
                throw new NodeException("operand types differ: " + a.dtype() + " and " + b.dtype());
            }
            List<Dim> shape = Shapes.broadcast(a.shape(), b.shape());
            return List.of(ctx.out(f.apply(ctx.var(0), ctx.var(1)), shape));
        };
    }

    private static List<Value> mul(NodeContext ctx) {
        List<Dim> a = ctx.in(0).elements();
        List<Dim> b = ctx.in(1).elements();
        if (a != null && b != null && (a.size() == 1 || b.size() == 1 || a.size() == b.size())) {
            List<Dim> out = new ArrayList<>();
            for (int i = 0; i < Math.max(a.size(), b.size()); i++) {
                out.add(a.get(a.size() == 1 ? 0 : i).times(b.get(b.size() == 1 ? 0 : i)));
            }
            return List.of(Value.symbolic(out, ctx.in(0).isScalar() && ctx.in(1).isScalar()));
        }
        return binary(SDVariable::mul).map(ctx);
    }
}
