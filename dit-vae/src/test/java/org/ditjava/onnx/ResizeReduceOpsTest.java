package org.ditjava.onnx;

import static org.ditjava.onnx.OnnxModelBuilder.intAttr;
import static org.ditjava.onnx.OnnxModelBuilder.ints;
import static org.ditjava.onnx.OnnxModelBuilder.string;
import static org.ditjava.onnx.OpTests.assertClose;
import static org.ditjava.onnx.OpTests.floats;
import static org.ditjava.onnx.OpTests.longs;
import static org.ditjava.onnx.OpTests.randn;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Resize (nearest and linear, every supported coordinate mode, scales and sizes) and ReduceMean. */
class ResizeReduceOpsTest {

    private static INDArray resizeScales(int opset, INDArray x, float sh, float sw, String mode, String coord, String nearest) {
        return OpTests.run(new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", x.size(1), "h", "w")
                .constant("scales", floats(1, 1, sh, sw))
                .node("Resize", List.of("x", "", "scales"), List.of("y"), string("mode", mode),
                        string("coordinate_transformation_mode", coord), string("nearest_mode", nearest)).output("y"), x);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void nearestTimesTwoAsTheSdVaeUpsamples(int opset) {
        INDArray x = randn(1, 2, 3, 4, 5);
        INDArray y = resizeScales(opset, x, 2, 2, "nearest", "asymmetric", "floor");
        assertClose(Reference.resize(x, 8, 10, 2, 2, "asymmetric", "nearest", "floor"), y, 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void nearestModesWithNonIntegerScales(int opset) {
        INDArray x = randn(2, 1, 2, 5, 4);
        String[][] modes = {{"half_pixel", "round_prefer_floor"}, {"asymmetric", "floor"}, {"align_corners", "round_prefer_ceil"},
            {"tf_half_pixel_for_nn", "ceil"}, {"pytorch_half_pixel", "round_prefer_floor"}};
        for (String[] m : modes) {
            INDArray y = resizeScales(opset, x, 1.5f, 0.75f, "nearest", m[0], m[1]);
            assertClose(Reference.resize(x, 7, 3, 1.5f, 0.75f, m[0], "nearest", m[1]), y, 0);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void linearWithScales(int opset) {
        INDArray x = randn(3, 2, 2, 4, 6);
        for (String coord : new String[] {"half_pixel", "pytorch_half_pixel", "align_corners", "asymmetric"}) {
            INDArray y = resizeScales(opset, x, 2.5f, 0.5f, "linear", coord, "floor");
            assertClose(Reference.resize(x, 10, 3, 2.5f, 0.5f, coord, "linear", "floor"), y, 1e-5);
        }
    }

    @org.junit.jupiter.api.Test
    void unsupportedModesNameTheAttributeAndTheChoices() {
        INDArray x = randn(6, 1, 1, 2, 2);
        RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> resizeScales(18, x, 2, 2, "cubic", "half_pixel", "floor"));
        org.junit.jupiter.api.Assertions.assertTrue(
                e.getMessage().contains("unknown mode 'cubic'; expected one of nearest, linear"), e.getMessage());
    }

    /** Inception's resize: sizes = Concat(Slice(Shape(x), 0, 2), [H, W]), input height and width dynamic. */
    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void linearToFixedSizesFromADynamicInput(int opset) {
        OnnxModelBuilder m = new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", 3, "height", "width")
                .node("Shape", List.of("x"), List.of("s")).constant("z", longs(0)).constant("two", longs(2))
                .node("Slice", List.of("s", "z", "two", "z"), List.of("nc")).constant("hw", longs(7, 5))
                .node("Concat", List.of("nc", "hw"), List.of("sizes"), intAttr("axis", 0))
                .node("Resize", List.of("x", "", "", "sizes"), List.of("y"), string("mode", "linear"),
                        string("coordinate_transformation_mode", "half_pixel")).output("y");
        for (long[] hw : new long[][] {{4, 9}, {11, 3}}) {
            INDArray x = randn(4 + hw[0], 2, 3, hw[0], hw[1]);
            INDArray y = OpTests.run(m, x);
            assertClose(Reference.resize(x, 7, 5, 7.0 / hw[0], 5.0 / hw[1], "half_pixel", "linear", "floor"), y, 1e-5);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void reduceMean(int opset) {
        INDArray x = randn(5, 2, 3, 4, 5);
        OnnxModelBuilder m = new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", 3, 4, 5);
        if (opset >= 18) {
            m.initializer("axes", longs(2, -1)).node("ReduceMean", List.of("x", "axes"), List.of("y"), intAttr("keepdims", 0));
        } else {
            m.node("ReduceMean", List.of("x"), List.of("y"), ints("axes", 2, -1), intAttr("keepdims", 0));
        }
        INDArray y = OpTests.run(m.output("y"), x);
        INDArray expected = Nd4j.create(DataType.DOUBLE, 2, 3);
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                double s = 0;
                for (int i = 0; i < 4; i++) {
                    for (int j = 0; j < 5; j++) {
                        s += x.getDouble(n, c, i, j);
                    }
                }
                expected.putScalar(new long[] {n, c}, s / 20);
            }
        }
        assertClose(expected, y, 1e-6);
        INDArray all = OpTests.run(new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", 3, 4, 5)
                .node("ReduceMean", List.of("x"), List.of("y")).output("y"), x);
        assertClose(Nd4j.scalar(x.castTo(DataType.DOUBLE).meanNumber().doubleValue()).reshape(1, 1, 1, 1), all, 1e-6);
    }
}
