package org.ditjava.onnx;

import static org.ditjava.onnx.OnnxModelBuilder.intAttr;
import static org.ditjava.onnx.OnnxModelBuilder.ints;
import static org.ditjava.onnx.OnnxModelBuilder.string;
import static org.ditjava.onnx.OpTests.assertClose;
import static org.ditjava.onnx.OpTests.floats;
import static org.ditjava.onnx.OpTests.longs;
import static org.ditjava.onnx.OpTests.randn;

import java.util.ArrayList;
import java.util.List;
import onnx.Onnx.AttributeProto;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Conv, Pad, MaxPool, AveragePool (with and without count_include_pad), GlobalAveragePool against loops. */
class ConvPoolOpsTest {

    private static INDArray conv(int opset, INDArray x, INDArray w, INDArray b, AttributeProto... attrs) {
        OnnxModelBuilder m = new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", x.size(1), "h", "w").initializer("w", w);
        List<String> in = new ArrayList<>(List.of("x", "w"));
        if (b != null) {
            m.initializer("b", b);
            in.add("b");
        }
        return OpTests.run(m.node("Conv", in, List.of("y"), attrs).output("y"), x);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void convWithPaddingStridesDilationAndBias(int opset) {
        INDArray x = randn(1, 2, 3, 9, 8);
        INDArray w = randn(2, 4, 3, 3, 3);
        INDArray b = randn(3, 4);
        assertClose(Reference.conv(x, w, b, new int[] {1, 1}, new int[] {1, 1, 1, 1}, new int[] {1, 1}),
                conv(opset, x, w, b, ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1), ints("strides", 1, 1)), 1e-4);
        // asymmetric padding (becomes an explicit Pad), stride 2, no bias
        assertClose(Reference.conv(x, w, null, new int[] {2, 2}, new int[] {0, 1, 1, 0}, new int[] {1, 1}),
                conv(opset, x, w, null, ints("pads", 0, 1, 1, 0), ints("strides", 2, 2)), 1e-4);
        assertClose(Reference.conv(x, w, b, new int[] {1, 1}, new int[] {2, 2, 2, 2}, new int[] {2, 2}),
                conv(opset, x, w, b, ints("pads", 2, 2, 2, 2), ints("dilations", 2, 2)), 1e-4);
        INDArray w1 = randn(4, 5, 3, 1, 1);
        assertClose(Reference.conv(x, w1, null, new int[] {1, 1}, new int[] {0, 0, 0, 0}, new int[] {1, 1}), conv(opset, x, w1, null), 1e-4);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void convAutoPadSameUpper(int opset) {
        INDArray x = randn(5, 1, 2, 6, 7);
        INDArray w = randn(6, 3, 2, 4, 4);
        OnnxModelBuilder m = new OnnxModelBuilder(opset).input("x", DataType.FLOAT, 1, 2, 6, 7).initializer("w", w)
                .node("Conv", List.of("x", "w"), List.of("y"), string("auto_pad", "SAME_UPPER"), ints("strides", 2, 2)).output("y");
        // SAME_UPPER, k 4, s 2: out = ceil(in / 2); total pad = (out-1)*2 + 4 - in, the extra one at the end
        assertClose(Reference.conv(x, w, null, new int[] {2, 2}, new int[] {1, 1, 1, 2}, new int[] {1, 1}), OpTests.run(m, x), 1e-4);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void padConstantAndReflect(int opset) {
        INDArray x = randn(7, 2, 2, 3, 4);
        OnnxModelBuilder m = new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", 2, 3, 4)
                .initializer("p", longs(0, 0, 0, 1, 0, 0, 1, 2)).initializer("v", floats(-3f).reshape(new long[0]))
                .node("Pad", List.of("x", "p", "v"), List.of("y"), string("mode", "constant")).output("y");
        INDArray expected = Nd4j.valueArrayOf(new long[] {2, 2, 4, 7}, -3.0);
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 2; c++) {
                for (int i = 0; i < 3; i++) {
                    for (int j = 0; j < 4; j++) {
                        expected.putScalar(new long[] {n, c, i, j + 1}, x.getDouble(n, c, i, j));
                    }
                }
            }
        }
        assertClose(expected, OpTests.run(m, x), 0);
        OnnxModelBuilder r = new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", 2, 3, 4)
                .initializer("p", longs(0, 0, 0, 2, 0, 0, 0, 1)).node("Pad", List.of("x", "p"), List.of("y"), string("mode", "reflect")).output("y");
        INDArray reflected = OpTests.run(r, x);
        int[] src = {2, 1, 0, 1, 2, 3, 2};
        for (int j = 0; j < 7; j++) {
            assertClose(Nd4j.scalar(x.getDouble(1, 1, 2, src[j])), Nd4j.scalar(reflected.getDouble(1, 1, 2, j)), 0);
        }
        if (opset >= 18) {
            OnnxModelBuilder a = new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", 2, 3, 4)
                    .initializer("p", longs(1, 0)).initializer("axes", longs(-2))
                    .node("Pad", List.of("x", "p", "", "axes"), List.of("y")).output("y");
            INDArray y = OpTests.run(a, x);
            assertClose(Nd4j.zeros(DataType.DOUBLE, 2, 2, 1, 4), y.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)).castTo(DataType.DOUBLE), 0);
            assertClose(Nd4j.scalar(x.getDouble(1, 0, 2, 3)), Nd4j.scalar(y.getDouble(1, 0, 3, 3)), 0);
        }
    }

    private static INDArray pool(int opset, String op, INDArray x, AttributeProto... attrs) {
        return OpTests.run(new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", x.size(1), "h", "w")
                .node(op, List.of("x"), List.of("y"), attrs).output("y"), x);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void maxPool(int opset) {
        INDArray x = randn(8, 2, 3, 9, 8).sub(2);
        assertClose(Reference.pool(x, new int[] {3, 3}, new int[] {2, 2}, new int[] {0, 0, 0, 0}, true, false),
                pool(opset, "MaxPool", x, ints("kernel_shape", 3, 3), ints("strides", 2, 2)), 0);
        assertClose(Reference.pool(x, new int[] {3, 3}, new int[] {1, 1}, new int[] {1, 1, 1, 1}, true, false),
                pool(opset, "MaxPool", x, ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1)), 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void maxPoolCeilMode(int opset) {
        INDArray x = randn(9, 1, 2, 8, 8);
        INDArray y = OpTests.run(new OnnxModelBuilder(opset).input("x", DataType.FLOAT, 1, 2, 8, 8)
                .node("MaxPool", List.of("x"), List.of("y"), ints("kernel_shape", 3, 3), ints("strides", 2, 2),
                        intAttr("ceil_mode", 1)).output("y"), x);
        // ceil((8 - 3) / 2) + 1 = 4 windows: the last starts at 6 and sees rows 6, 7
        assertClose(Reference.pool(x, new int[] {3, 3}, new int[] {2, 2}, new int[] {0, 0, 1, 1}, true, false), y, 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void averagePoolWithAndWithoutCountIncludePad(int opset) {
        INDArray x = randn(10, 2, 3, 7, 6).add(1);
        int[] k = {3, 3};
        int[] s = {1, 1};
        int[] p = {1, 1, 1, 1};
        assertClose(Reference.pool(x, k, s, p, false, false),
                pool(opset, "AveragePool", x, ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1)), 1e-5);
        assertClose(Reference.pool(x, k, s, p, false, true),
                pool(opset, "AveragePool", x, ints("kernel_shape", 3, 3), ints("pads", 1, 1, 1, 1), intAttr("count_include_pad", 1)), 1e-5);
        assertClose(Reference.pool(x, new int[] {2, 2}, new int[] {2, 2}, new int[] {0, 0, 0, 0}, false, false),
                pool(opset, "AveragePool", x, ints("kernel_shape", 2, 2), ints("strides", 2, 2)), 1e-5);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void globalAveragePool(int opset) {
        INDArray x = randn(11, 2, 3, 5, 4);
        INDArray y = pool(opset, "GlobalAveragePool", x);
        INDArray expected = Nd4j.create(DataType.DOUBLE, 2, 3, 1, 1);
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                double sum = 0;
                for (int i = 0; i < 5; i++) {
                    for (int j = 0; j < 4; j++) {
                        sum += x.getDouble(n, c, i, j);
                    }
                }
                expected.putScalar(new long[] {n, c, 0, 0}, sum / 20);
            }
        }
        assertClose(expected, y, 1e-6);
    }
}
