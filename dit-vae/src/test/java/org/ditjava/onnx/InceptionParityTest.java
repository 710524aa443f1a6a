package org.ditjava.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.ditjava.io.NpzReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The FID-Inception export the evaluation module imports (fixtures/inception): every output of
 * the graph against PyTorch, max |diff| ≤ 1e-4 · max |ref| as the fixture README asks; names
 * and sizes come from the files.
 */
class InceptionParityTest {
    @TempDir
    Path cache;

    @Test
    void outputsMatchPyTorchAndOtherInputSizesRun() throws IOException {
        Path dir = Fixtures.dir("inception");
        OnnxGraph g = GraphCache.load(dir.resolve("fid_inception_w16.onnx"), cache);
        try (NpzReader io = NpzReader.open(dir.resolve("inception_io.npz"))) {
            String input = g.input().name();
            Map<String, INDArray> out = g.run(Map.of(input, io.read(input)));
            for (TensorSpec o : g.outputs()) {
                INDArray ref = io.read(o.name());
                double rel = Fixtures.maxAbsDiff(out.get(o.name()), ref) / Fixtures.maxAbs(ref);
                System.out.printf("parity inception %-8s max|diff|/max|ref| %.3g%n", o.name(), rel);
                assertTrue(rel <= 1e-4, o.name() + ": relative difference " + rel);
            }
            INDArray other = Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 2, 3, 37, 41).mul(255);
            Map<String, INDArray> small = g.run(Map.of(input, other));
            for (TensorSpec o : g.outputs()) {
                long[] expected = o.shape();
                expected[0] = 2;
                assertArrayEquals(expected, small.get(o.name()).shape(), o.name());
            }
        }
    }
}
