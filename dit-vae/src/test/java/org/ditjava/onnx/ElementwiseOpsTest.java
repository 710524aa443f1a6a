package org.ditjava.onnx;

import static org.ditjava.onnx.OnnxModelBuilder.intAttr;
import static org.ditjava.onnx.OpTests.assertClose;
import static org.ditjava.onnx.OpTests.randn;
import static org.ditjava.onnx.OpTests.uniform;

import java.util.List;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Add, Sub, Mul, Div (broadcasting), Relu, Sigmoid, Tanh, Sqrt, Exp, Identity, Softmax against float64 loops. */
class ElementwiseOpsTest {

    private static INDArray binary(int opset, String op, INDArray a, INDArray b) {
        return OpTests.run(new OnnxModelBuilder(opset).input("a", DataType.FLOAT, "batch", 3, 4, 5)
                .initializer("b", b).node(op, List.of("a", "b"), List.of("y")).output("y"), a);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void binaryOpsBroadcastPerChannel(int opset) {
        INDArray a = randn(1, 2, 3, 4, 5);
        INDArray b = uniform(2, 0.5, 2, 3, 1, 1);
        String[] ops = {"Add", "Sub", "Mul", "Div"};
        DoubleBinaryOperator[] f = {Double::sum, (x, y) -> x - y, (x, y) -> x * y, (x, y) -> x / y};
        for (int i = 0; i < ops.length; i++) {
            INDArray expected = Reference.zip(a, b.reshape(1, 3, 1, 1), f[i]);
            assertClose(expected, binary(opset, ops[i], a, b), 1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void unaryOps(int opset) {
        INDArray x = randn(3, 2, 3, 4);
        INDArray positive = uniform(4, 0.01, 4, 2, 3, 4);
        String[] ops = {"Relu", "Sigmoid", "Tanh", "Exp", "Identity"};
        DoubleUnaryOperator[] f = {v -> Math.max(0, v), v -> 1 / (1 + Math.exp(-v)), Math::tanh, Math::exp, v -> v};
        for (int i = 0; i < ops.length; i++) {
            assertClose(Reference.map(x, f[i]), unary(opset, ops[i], x), 1e-5);
        }
        assertClose(Reference.map(positive, Math::sqrt), unary(opset, "Sqrt", positive), 1e-6);
    }

    private static INDArray unary(int opset, String op, INDArray x) {
        return OpTests.run(new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "n", 3, 4)
                .node(op, List.of("x"), List.of("y")).output("y"), x);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void softmaxAlongTheGivenAxis(int opset) {
        INDArray x = randn(5, 2, 3, 4).mul(3);
        for (int axis : new int[] {-1, 1}) {
            INDArray y = OpTests.run(new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "n", 3, 4)
                    .node("Softmax", List.of("x"), List.of("y"), intAttr("axis", axis)).output("y"), x);
            assertClose(softmax(x, axis < 0 ? axis + 3 : axis), y, 1e-6);
        }
    }

    private static INDArray softmax(INDArray x, int axis) {
        INDArray e = Reference.map(x, Math::exp);
        INDArray sum = e.sum(true, axis);
        return Reference.zip(e, sum, (a, b) -> a / b);
    }

}
