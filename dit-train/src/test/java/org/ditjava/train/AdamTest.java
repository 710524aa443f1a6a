package org.ditjava.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ditjava.io.NpzReader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link Adam} and {@link Ema} against {@code torch.optim.AdamW} and train.py's {@code update_ema}:
 * every {@code adamw_*.npz} of the fixture folder (inputs, gradients per step and expected state all
 * read from the file; README there).
 */
class AdamTest {
    private static final Path FIXTURES = Path.of("src/test/resources/fixtures/adamw");

    static List<Path> fixtures() throws IOException {
        try (Stream<Path> s = Files.list(FIXTURES)) {
            List<Path> all = s.filter(p -> p.getFileName().toString().matches("adamw_.*\\.npz")).sorted().toList();
            assertFalse(all.isEmpty(), "no adamw_*.npz in " + FIXTURES);
            return all;
        }
    }

    @ParameterizedTest
    @MethodSource("fixtures")
    void matchesTorchAdamWAndTrainPyEma(Path file) throws IOException {
        try (NpzReader r = NpzReader.open(file)) {
            double[] c = r.read("config").toDoubleVector();
            long steps = r.read("steps").getLong(0);
            Map<String, INDArray> params = new LinkedHashMap<>();
            for (int i = 0; r.contains("in.param." + i); i++) {
                params.put(String.valueOf(i), r.read("in.param." + i));
            }
            Adam adam = new Adam(new AdamConfig(c[0], c[1], c[2], c[3], c[4]), params);
            Ema ema = new Ema(c[5], params);
            for (int k = 0; k < steps; k++) {
                Map<String, INDArray> grads = new LinkedHashMap<>();
                for (String name : params.keySet()) {
                    INDArray g = r.read("in.grad." + name);
                    grads.put(name, g.get(NDArrayIndex.point(k)).dup().reshape(params.get(name).shape()));
                }
                adam.update(params, grads);
                ema.update(params);
            }
            assertEquals(steps, adam.step());
            for (String name : params.keySet()) {
                assertClose(r.read("out.param." + name), params.get(name), file + " param " + name);
                assertClose(r.read("out.exp_avg." + name), adam.moments().get(Adam.FIRST_MOMENT + name), file + " m " + name);
                assertClose(r.read("out.exp_avg_sq." + name), adam.moments().get(Adam.SECOND_MOMENT + name), file + " v " + name);
                assertClose(r.read("out.ema." + name), ema.weights().get(name), file + " ema " + name);
            }
        }
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        INDArray excess = Transforms.abs(actual.sub(expected)).subi(Transforms.abs(expected).muli(1e-5).addi(1e-6));
        assertTrue(excess.maxNumber().doubleValue() <= 0, what + ": max |diff| "
                + Transforms.abs(actual.sub(expected)).maxNumber() + " beyond 1e-6 + 1e-5|expected|");
    }
}
