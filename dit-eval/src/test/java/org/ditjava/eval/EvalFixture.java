package org.ditjava.eval;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.ditjava.io.NpzReader;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code fixtures/eval/eval_metrics.npz} (a byte-for-byte copy of the shared fixture): every size,
 * split size, k and batch size comes from the file, so another file of the same format works too.
 */
final class EvalFixture {
    private static EvalFixture instance;
    private final Map<String, INDArray> arrays = new HashMap<>();

    private EvalFixture(Path file) throws IOException {
        try (NpzReader npz = NpzReader.open(file)) {
            for (String name : npz.names()) {
                arrays.put(name, npz.read(name));
            }
        }
    }

    static synchronized EvalFixture get() {
        if (instance == null) {
            try {
                instance = new EvalFixture(resource("fixtures/eval/eval_metrics.npz"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return instance;
    }

    static Path resource(String name) {
        try {
            return Path.of(EvalFixture.class.getClassLoader().getResource(name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    INDArray array(String key) {
        INDArray a = arrays.get(key);
        if (a == null) {
            throw new IllegalArgumentException("fixture has no array " + key);
        }
        return a;
    }

    double scalar(String key) {
        return array(key).getDouble(0);
    }

    int integer(String key) {
        return array(key).getInt(0);
    }

    /** max |a − b| / max |b|, the fixtures' relative error. */
    static double rel(INDArray a, INDArray b) {
        double[] x = a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        double[] y = b.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).dup('c').data().asDouble();
        if (x.length != y.length) {
            throw new IllegalArgumentException("lengths " + x.length + " and " + y.length);
        }
        double num = 0;
        double den = 1e-12;
        for (int i = 0; i < x.length; i++) {
            num = Math.max(num, Math.abs(x[i] - y[i]));
            den = Math.max(den, Math.abs(y[i]));
        }
        return num / den;
    }

    static double rel(double a, double b) {
        return Math.abs(a - b) / Math.abs(b);
    }
}
