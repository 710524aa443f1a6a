package org.ditjava.onnx;

import static org.ditjava.onnx.OnnxModelBuilder.floatAttr;
import static org.ditjava.onnx.OnnxModelBuilder.intAttr;
import static org.ditjava.onnx.OnnxModelBuilder.ints;
import static org.ditjava.onnx.OnnxModelBuilder.tensor;
import static org.ditjava.onnx.OpTests.assertClose;
import static org.ditjava.onnx.OpTests.floats;
import static org.ditjava.onnx.OpTests.longs;
import static org.ditjava.onnx.OpTests.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Shape, Gather, Unsqueeze, Squeeze, Concat, Slice, Cast, Constant, ConstantOfShape, Reshape,
 * Flatten and Transpose; expected values are built element by element from index arithmetic.
 */
class ShapeOpsTest {

    /** x's element at C-order position {@code flat}. */
    private static double at(INDArray x, long flat) {
        return x.dup('c').reshape(-1).getDouble(flat);
    }

    /** torch's attention reshape: Shape → Gather → Unsqueeze → Mul → Concat → Reshape → Transpose, batch dynamic. */
    private static OnnxModelBuilder attentionReshape(int opset) {
        OnnxModelBuilder b = new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", 4, 3, 2)
                .node("Shape", List.of("x"), List.of("s"));
        String[] g = {"g0", "g1", "g2", "g3"};
        for (int i = 0; i < 4; i++) {
            b.constant("i" + i, Nd4j.scalar((long) i)).node("Gather", List.of("s", "i" + i), List.of(g[i]), intAttr("axis", 0));
        }
        b.node("Mul", List.of("g2", "g3"), List.of("hw"));
        b.constant("ax", longs(0));
        for (String v : new String[] {"g0", "g1", "hw"}) {
            if (opset >= 13) {
                b.node("Unsqueeze", List.of(v, "ax"), List.of(v + "u"));
            } else {
                b.node("Unsqueeze", List.of(v), List.of(v + "u"), ints("axes", 0));
            }
        }
        return b.node("Concat", List.of("g0u", "g1u", "hwu"), List.of("target"), intAttr("axis", 0))
                .node("Reshape", List.of("x", "target"), List.of("r"))
                .node("Transpose", List.of("r"), List.of("y"), ints("perm", 0, 2, 1)).output("y");
    }

    @ParameterizedTest
    @ValueSource(ints = {11, 14, 18})
    void torchShapeChainsFoldAtImportAndKeepTheBatchDynamic(int opset) throws Exception {
        OnnxGraph g = OnnxImporter.importModel(attentionReshape(opset).build(), "attention reshape");
        assertFalse(g.sameDiff().getOps().values().stream().anyMatch(o -> o.getOp().opName().equals("shape_of")),
                "the Shape chain should have been folded at import time");
        for (int batch : new int[] {1, 3}) {
            INDArray x = randn(batch, batch, 4, 3, 2);
            INDArray y = OpTests.run(attentionReshape(opset), x);
            INDArray expected = Nd4j.create(DataType.DOUBLE, batch, 6, 4);
            for (int n = 0; n < batch; n++) {
                for (int c = 0; c < 4; c++) {
                    for (int p = 0; p < 6; p++) {
                        expected.putScalar(new long[] {n, p, c}, at(x, n * 24 + c * 6 + p));
                    }
                }
            }
            assertClose(expected, y, 0);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void reshapeCopiesZerosAndInfersMinusOneAndFlattenAndDefaultTranspose(int opset) {
        INDArray x = randn(7, 2, 4, 3, 2);
        INDArray r = OpTests.run(new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", 4, 3, 2)
                .initializer("t", longs(0, 2, -1)).node("Reshape", List.of("x", "t"), List.of("y"), intAttr("allowzero", 0)).output("y"), x);
        assertClose(Nd4j.createFromArray(x.dup('c').data().asDouble()).reshape(2, 2, 12), r, 0);
        INDArray f = OpTests.run(new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", 4, 3, 2)
                .node("Flatten", List.of("x"), List.of("y"), intAttr("axis", 2)).output("y"), x);
        assertClose(Nd4j.createFromArray(x.dup('c').data().asDouble()).reshape(8, 6), f, 0);
        INDArray x3 = randn(8, 2, 3, 4);
        INDArray t = OpTests.run(new OnnxModelBuilder(opset).input("x", DataType.FLOAT, 2, 3, 4)
                .node("Transpose", List.of("x"), List.of("y")).output("y"), x3);
        INDArray expected = Nd4j.create(DataType.DOUBLE, 4, 3, 2);
        for (int i = 0; i < 2; i++) {
            for (int j = 0; j < 3; j++) {
                for (int k = 0; k < 4; k++) {
                    expected.putScalar(new long[] {k, j, i}, x3.getDouble(i, j, k));
                }
            }
        }
        assertClose(expected, t, 0);
    }

    private static INDArray slice(int opset, INDArray x, long[] starts, long[] ends, long[] axes, long[] steps) {
        OnnxModelBuilder b = new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", 6, 5)
                .initializer("st", longs(starts)).initializer("en", longs(ends));
        List<String> in = new java.util.ArrayList<>(List.of("x", "st", "en"));
        if (axes != null) {
            b.initializer("ax", longs(axes));
            in.add("ax");
        }
        if (steps != null) {
            b.initializer("sp", longs(steps));
            in.add("sp");
        }
        return OpTests.run(b.node("Slice", in, List.of("y")).output("y"), x);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void sliceClampsNegativeAndHugeBoundsAndSteps(int opset) {
        INDArray x = randn(9, 2, 6, 5);
        // rows 1, 3 (step 2); columns reversed (-1 down to before 0)
        INDArray y = slice(opset, x, new long[] {1, -1}, new long[] {5, Long.MIN_VALUE + 1}, new long[] {1, 2}, new long[] {2, -1});
        INDArray expected = Nd4j.create(DataType.DOUBLE, 2, 2, 5);
        for (int n = 0; n < 2; n++) {
            for (int r = 0; r < 2; r++) {
                for (int c = 0; c < 5; c++) {
                    expected.putScalar(new long[] {n, r, c}, x.getDouble(n, 1 + 2 * r, 4 - c));
                }
            }
        }
        assertClose(expected, y, 0);
        // default axes and steps; the batch axis (size only known at run time) taken whole
        INDArray all = slice(opset, x, new long[] {0, -4, 2}, new long[] {Long.MAX_VALUE, 100, 3}, null, null);
        assertClose(x.get(org.nd4j.linalg.indexing.NDArrayIndex.all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 6),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(2, 3)).castTo(DataType.DOUBLE), all, 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void gatherConcatSqueezeUnsqueeze(int opset) {
        INDArray x = randn(11, 2, 3, 4);
        INDArray gathered = OpTests.run(new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", 3, 4)
                .initializer("idx", longs(2, 0, -1)).node("Gather", List.of("x", "idx"), List.of("y"), intAttr("axis", 2)).output("y"), x);
        INDArray expected = Nd4j.create(DataType.DOUBLE, 2, 3, 3);
        long[] pick = {2, 0, 3};
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 3; c++) {
                for (int k = 0; k < 3; k++) {
                    expected.putScalar(new long[] {n, c, k}, x.getDouble(n, c, pick[k]));
                }
            }
        }
        assertClose(expected, gathered, 0);
        INDArray scalarPick = OpTests.run(new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", 3, 4)
                .initializer("idx", Nd4j.scalar(1L)).node("Gather", List.of("x", "idx"), List.of("y"), intAttr("axis", 1)).output("y"), x);
        assertEquals(List.of(2L, 4L), List.of(scalarPick.size(0), scalarPick.size(1)));
        assertEquals(x.getDouble(1, 1, 2), scalarPick.getDouble(1, 2), 0);

        INDArray cat = OpTests.run(new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", 3, 4)
                .node("Concat", List.of("x", "x"), List.of("y"), intAttr("axis", 1)).output("y"), x);
        assertEquals(x.getDouble(1, 2, 3), cat.getDouble(1, 5, 3), 0);
        assertEquals(x.getDouble(0, 1, 0), cat.getDouble(0, 1, 0), 0);

        OnnxModelBuilder sq = new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "batch", 3, 4).initializer("a1", longs(1, -1));
        sq.node("Unsqueeze", List.of("x", "a1"), List.of("u")).initializer("a2", longs(-1)).node("Squeeze", List.of("u", "a2"), List.of("y")).output("y");
        INDArray y = OpTests.run(sq, x);
        assertEquals(List.of(2L, 1L, 3L, 4L), java.util.Arrays.stream(y.shape()).boxed().toList());
        assertClose(x.reshape(2, 1, 3, 4).castTo(DataType.DOUBLE), y, 0);
    }

    @ParameterizedTest
    @ValueSource(ints = {14, 18})
    void castConstantAndConstantOfShape(int opset) {
        INDArray x = floats(2.7f, -2.7f, 0.4f, 5f).reshape(1, 4);
        INDArray y = OpTests.run(new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "n", 4)
                .node("Cast", List.of("x"), List.of("i"), intAttr("to", 7))
                .node("Cast", List.of("i"), List.of("f"), intAttr("to", 1))
                .constant("c", floats(10f, 20f, 30f, 40f))
                .constant("shape", longs(1, 4))
                .node("ConstantOfShape", List.of("shape"), List.of("half"), tensor("value", floats(0.5f)))
                .node("Add", List.of("f", "c"), List.of("s"))
                .node("Add", List.of("s", "half"), List.of("y")).output("y"), x);
        assertClose(floats(12.5f, 18.5f, 30.5f, 45.5f).reshape(1, 4).castTo(DataType.DOUBLE), y, 1e-6);
        INDArray z = OpTests.run(new OnnxModelBuilder(opset).input("x", DataType.FLOAT, "n", 4)
                .node("Constant", List.of(), List.of("k"), floatAttr("value_float", 3f))
                .node("Mul", List.of("x", "k"), List.of("y")).output("y"), x);
        assertClose(x.mul(3).castTo(DataType.DOUBLE), z, 1e-6);
    }

    @Test
    void shapeOfAStaticTensorIsAConstant() throws Exception {
        OnnxModelBuilder b = new OnnxModelBuilder(14).input("x", DataType.FLOAT, 2, 3)
                .node("Shape", List.of("x"), List.of("s")).node("Cast", List.of("s"), List.of("f"), intAttr("to", 1))
                .node("Add", List.of("x", "f2"), List.of("y")).output("y");
        b.node("Slice", List.of("f", "a0", "a1"), List.of("f2"));
        b.initializer("a0", longs(1)).initializer("a1", longs(2));
        INDArray x = Nd4j.zeros(DataType.FLOAT, 2, 3);
        assertClose(Nd4j.valueArrayOf(new long[] {2, 3}, 3.0), OpTests.run(b, x), 0);
    }
}
