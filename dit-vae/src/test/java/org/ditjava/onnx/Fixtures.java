package org.ditjava.onnx;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.net.URISyntaxException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Paths of the test fixtures and comparison helpers. */
public final class Fixtures {
    private Fixtures() {
    }

    /** A directory under {@code src/test/resources/fixtures/}. */
    public static Path dir(String name) {
        try {
            return Path.of(Fixtures.class.getResource("/fixtures/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("fixture directory " + name + " missing from the test resources", e);
        }
    }

    /** max |a − b| after checking the shapes match. */
    public static double maxAbsDiff(INDArray a, INDArray b) {
        assertArrayEquals(b.shape(), a.shape(), "shape");
        return Transforms.abs(a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).sub(b.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)))
                .maxNumber().doubleValue();
    }

    public static double maxAbs(INDArray a) {
        return Transforms.abs(a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE)).maxNumber().doubleValue();
    }
}
