package org.ditjava.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import onnx.Onnx.ModelProto;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Runs a small ONNX model through the importer, then through a SameDiff save / load round trip
 * (every op must survive the cache), and checks both runs agree exactly.
 */
final class OpTests {
    private static Path tmp;

    private OpTests() {
    }

    /** Runs a one-output model on inputs given in the graph's input order. */
    static INDArray run(OnnxModelBuilder model, INDArray... inputs) {
        ModelProto m = model.build();
        Map<String, INDArray> feed = new LinkedHashMap<>();
        for (int i = 0; i < inputs.length; i++) {
            feed.put(m.getGraph().getInput(i).getName(), inputs[i]);
        }
        return runAll(m, feed).get(m.getGraph().getOutput(0).getName());
    }

    static Map<String, INDArray> runAll(ModelProto m, Map<String, INDArray> feed) {
        try {
            OnnxGraph g = OnnxImporter.importModel(m, "test model");
            Map<String, INDArray> direct = g.run(feed);
            Path f = Files.createTempFile(dir(), "op", ".samediff");
            SameDiffFiles.save(g.sameDiff(), f);
            SameDiff loaded = SameDiffFiles.load(f);
            Files.delete(f);
            Map<String, INDArray> again = new OnnxGraph(loaded, g.inputs(), g.outputs(), "reloaded", OnnxGraph.Origin.CACHED).run(feed);
            for (String k : direct.keySet()) {
                assertEquals(direct.get(k), again.get(k), "output " + k + " changed after a save / load round trip");
            }
            return new HashMap<>(direct);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static synchronized Path dir() throws IOException {
        if (tmp == null) {
            tmp = Files.createTempDirectory("onnx-op-tests");
            tmp.toFile().deleteOnExit();
        }
        return tmp;
    }

    /** Deterministic N(0, 1) floats. */
    static INDArray randn(long seed, long... shape) {
        Random r = new Random(seed);
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return Nd4j.create(v, shape, 'c');
    }

    /** Uniform floats in [lo, hi). */
    static INDArray uniform(long seed, double lo, double hi, long... shape) {
        Random r = new Random(seed);
        INDArray a = Nd4j.create(DataType.FLOAT, shape);
        for (long i = 0; i < a.length(); i++) {
            a.putScalar(i, lo + (hi - lo) * r.nextDouble());
        }
        return a;
    }

    static void assertClose(INDArray expected, INDArray actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape(), "shape");
        double d = Fixtures.maxAbsDiff(actual, expected);
        assertTrue(d <= tol, "max |diff| " + d + " > " + tol + "\nexpected " + expected + "\nactual " + actual);
    }

    static INDArray longs(long... v) {
        return Nd4j.createFromArray(v);
    }

    static INDArray floats(float... v) {
        return Nd4j.createFromArray(v);
    }
}
