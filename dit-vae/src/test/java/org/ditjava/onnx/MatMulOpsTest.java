package org.ditjava.onnx;

import static org.ditjava.onnx.OnnxModelBuilder.floatAttr;
import static org.ditjava.onnx.OnnxModelBuilder.intAttr;
import static org.ditjava.onnx.OpTests.assertClose;
import static org.ditjava.onnx.OpTests.randn;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * MatMul (2-D, N-D × 2-D as in attention projections, batched, 1-D) and Gemm with transposes,
 * alpha, beta and bias — the cases M2.1's importer returns zeros for.
 */
class MatMulOpsTest {

    private static INDArray matmul(int opset, INDArray a, INDArray b, Object... aDims) {
        return OpTests.run(new OnnxModelBuilder(opset).input("a", DataType.FLOAT, aDims).initializer("b", b)
                .node("MatMul", List.of("a", "b"), List.of("y")).output("y"), a);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void matmulShapes(int opset) {
        INDArray w = randn(1, 5, 3);
        INDArray a2 = randn(2, 4, 5);
        assertClose(Reference.matmul(a2, w), matmul(opset, a2, w, "n", 5), 1e-5);
        INDArray a3 = randn(3, 2, 4, 5);
        assertClose(Reference.matmul(a3, w), matmul(opset, a3, w, "batch", "tokens", 5), 1e-5);
        INDArray a4 = randn(4, 2, 3, 4, 5);
        assertClose(Reference.matmul(a4, w), matmul(opset, a4, w, "batch", 3, 4, 5), 1e-5);
        // batched: q · kᵀ of attention, both dynamic
        INDArray q = randn(5, 2, 4, 5);
        INDArray k = randn(6, 2, 5, 4);
        INDArray y = OpTests.run(new OnnxModelBuilder(opset).input("q", DataType.FLOAT, "batch", 4, 5).input("k", DataType.FLOAT, "batch", 5, 4)
                .node("MatMul", List.of("q", "k"), List.of("y")).output("y"), q, k);
        assertClose(Reference.matmul(q, k), y, 1e-5);
        // 1-D right operand: (…, K) · (K) → (…)
        INDArray v = randn(7, 5);
        INDArray mv = matmul(opset, a3, v, "batch", "tokens", 5);
        assertClose(Reference.matmul(a3, v.reshape(5, 1)).reshape(2, 4), mv, 1e-5);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void gemmWithTransposesAlphaBetaAndBias(int opset) {
        INDArray a = randn(8, 3, 6);
        INDArray w = randn(9, 4, 6);
        INDArray c = randn(10, 4);
        INDArray y = OpTests.run(new OnnxModelBuilder(opset).input("a", DataType.FLOAT, "batch", 6).initializer("w", w).initializer("c", c)
                .node("Gemm", List.of("a", "w", "c"), List.of("y"), intAttr("transB", 1)).output("y"), a);
        INDArray expected = Reference.zip(Reference.matmul(a, w.transpose().dup()), c.reshape(1, 4), Double::sum);
        assertClose(expected, y, 1e-5);
        INDArray at = randn(11, 6, 3);
        INDArray y2 = OpTests.run(new OnnxModelBuilder(opset).input("a", DataType.FLOAT, 6, 3).initializer("w", w.transpose().dup()).initializer("c", c)
                .node("Gemm", List.of("a", "w", "c"), List.of("y"), intAttr("transA", 1), floatAttr("alpha", 0.5f), floatAttr("beta", 2f))
                .output("y"), at);
        INDArray prod = Reference.matmul(at.transpose().dup(), w.transpose().dup());
        assertClose(Reference.zip(prod, c.reshape(1, 4), (p, b) -> 0.5 * p + 2 * b), y2, 1e-5);
    }
}
