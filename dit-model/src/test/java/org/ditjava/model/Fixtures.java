package org.ditjava.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Locating the fixture files and comparing against them. */
final class Fixtures {
    /** System property that points the parity tests at another file of the model_tiny.npz format. */
    static final String MODEL_FIXTURE_PROPERTY = "dit.model.fixture";

    private Fixtures() {
    }

    /** A file under src/test/resources/fixtures/model. */
    static Path model(String name) {
        return resource("model", name);
    }

    /** A file under src/test/resources/fixtures/pretrained (byte copies of the shared pretrained fixtures). */
    static Path pretrained(String name) {
        return resource("pretrained", name);
    }

    private static Path resource(String folder, String name) {
        URL url = Fixtures.class.getResource("/fixtures/" + folder + "/" + name);
        if (url == null) {
            throw new IllegalStateException("test resource fixtures/" + folder + "/" + name + " is missing");
        }
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The parity fixture: {@code -Ddit.model.fixture=FILE} or the bundled model_tiny.npz. */
    static Path parityFile() {
        String override = System.getProperty(MODEL_FIXTURE_PROPERTY);
        return override == null || override.isBlank() ? model("model_tiny.npz") : Path.of(override);
    }

    /** max |a − b| in float64. */
    static double maxAbs(INDArray actual, INDArray expected) {
        return Transforms.abs(actual.castTo(DataType.DOUBLE).sub(expected.castTo(DataType.DOUBLE))).maxNumber().doubleValue();
    }

    /**
     * Asserts |actual − expected| ≤ abs + rel·|expected| elementwise (the fixture README's tolerance)
     * and returns max |actual − expected|.
     */
    static double assertClose(String what, INDArray actual, INDArray expected, double abs, double rel) {
        assertArrayEquals(expected.shape(), actual.shape(), what + ": shape");
        INDArray a = actual.castTo(DataType.DOUBLE);
        INDArray e = expected.castTo(DataType.DOUBLE);
        INDArray excess = Transforms.abs(a.sub(e)).sub(Transforms.abs(e).mul(rel).add(abs));
        double worst = excess.maxNumber().doubleValue();
        double max = maxAbs(a, e);
        assertTrue(worst <= 0, what + ": max |diff| " + max + " exceeds " + abs + " + " + rel + "·|ref|");
        return max;
    }
}
