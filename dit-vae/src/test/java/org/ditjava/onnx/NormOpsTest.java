package org.ditjava.onnx;

import static org.ditjava.onnx.OnnxModelBuilder.floatAttr;
import static org.ditjava.onnx.OnnxModelBuilder.intAttr;
import static org.ditjava.onnx.OpTests.assertClose;
import static org.ditjava.onnx.OpTests.longs;
import static org.ditjava.onnx.OpTests.randn;
import static org.ditjava.onnx.OpTests.uniform;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** BatchNormalization, InstanceNormalization (and torch's GroupNorm pattern), GroupNormalization against loops. */
class NormOpsTest {

    private static double[] vec(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleVector();
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void batchNormalizationInference(int opset) {
        INDArray x = randn(1, 2, 3, 4, 5);
        INDArray gamma = uniform(2, 0.8, 1.2, 3);
        INDArray beta = randn(3, 3);
        INDArray mean = randn(4, 3);
        INDArray var = uniform(5, 0.5, 1.5, 3);
        float eps = 1e-3f;
        INDArray y = OpTests.run(new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", 3, "h", "w")
                .initializer("g", gamma).initializer("b", beta).initializer("m", mean).initializer("v", var)
                .node("BatchNormalization", List.of("x", "g", "b", "m", "v"), List.of("y"), floatAttr("epsilon", eps)).output("y"), x);
        INDArray expected = Nd4j.create(DataType.DOUBLE, x.shape());
        for (long i = 0; i < x.length(); i++) {
            long[] idx = org.nd4j.linalg.api.shape.Shape.ind2subC(x, i);
            int c = (int) idx[1];
            double v = (x.getDouble(idx) - mean.getDouble(c)) / Math.sqrt(var.getDouble(c) + (double) eps) * gamma.getDouble(c) + beta.getDouble(c);
            expected.putScalar(idx, v);
        }
        assertClose(expected, y, 2e-6);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void instanceNormalizationWithAffine(int opset) {
        INDArray x = randn(6, 2, 4, 3, 5).mul(2).add(1);
        INDArray scale = uniform(7, 0.5, 1.5, 4);
        INDArray bias = randn(8, 4);
        INDArray y = OpTests.run(new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", 4, 3, 5)
                .initializer("s", scale).initializer("b", bias)
                .node("InstanceNormalization", List.of("x", "s", "b"), List.of("y"), floatAttr("epsilon", 1e-5f)).output("y"), x);
        assertClose(Reference.groupNorm(x, 4, vec(scale), vec(bias), 1e-5), y, 1e-5);
    }

    /** torch's GroupNorm export: Reshape [0, G, -1] → InstanceNormalization → Reshape(Shape(x)) → Mul → Add. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void torchGroupNormPattern(int opset) {
        INDArray x = randn(9, 3, 8, 4, 4).mul(3);
        INDArray w = uniform(10, 0.5, 1.5, 8);
        INDArray b = randn(11, 8);
        OnnxModelBuilder m = new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", 8, "h", "w")
                .constant("t", longs(0, 2, -1)).constant("one", Nd4j.ones(DataType.FLOAT, 2)).constant("zero", Nd4j.zeros(DataType.FLOAT, 2))
                .initializer("w", w.reshape(8, 1, 1)).initializer("b", b.reshape(8, 1, 1))
                .node("Reshape", List.of("x", "t"), List.of("r"))
                .node("InstanceNormalization", List.of("r", "one", "zero"), List.of("n"), floatAttr("epsilon", 1e-6f))
                .node("Shape", List.of("x"), List.of("s"))
                .node("Reshape", List.of("n", "s"), List.of("back"))
                .node("Mul", List.of("back", "w"), List.of("mw"))
                .node("Add", List.of("mw", "b"), List.of("y")).output("y");
        assertClose(Reference.groupNorm(x, 2, vec(w), vec(b), 1e-6), OpTests.run(m, x), 1e-5);
    }

    @Test
    void groupNormalizationOpset18PerGroupAndOpset21PerChannel() {
        INDArray x = randn(12, 2, 6, 3, 3);
        INDArray gs = uniform(13, 0.5, 1.5, 3);
        INDArray gb = randn(14, 3);
        INDArray y18 = OpTests.run(new OnnxModelBuilder(18).input("x", DataType.FLOAT, "batch", 6, 3, 3)
                .initializer("s", gs).initializer("b", gb)
                .node("GroupNormalization", List.of("x", "s", "b"), List.of("y"), intAttr("num_groups", 3), floatAttr("epsilon", 1e-5f)).output("y"), x);
        double[] s = new double[6];
        double[] bb = new double[6];
        for (int c = 0; c < 6; c++) {
            s[c] = gs.getDouble(c / 2);
            bb[c] = gb.getDouble(c / 2);
        }
        assertClose(Reference.groupNorm(x, 3, s, bb, 1e-5), y18, 1e-5);
        INDArray cs = uniform(15, 0.5, 1.5, 6);
        INDArray cb = randn(16, 6);
        INDArray y21 = OpTests.run(new OnnxModelBuilder(21).input("x", DataType.FLOAT, "batch", 6, 3, 3)
                .initializer("s", cs).initializer("b", cb)
                .node("GroupNormalization", List.of("x", "s", "b"), List.of("y"), intAttr("num_groups", 3)).output("y"), x);
        assertClose(Reference.groupNorm(x, 3, vec(cs), vec(cb), 1e-5), y21, 1e-5);
    }
}
