package org.ditjava.diffusion;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.util.Arrays;
import org.ditjava.io.NpzReader;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Opens the parity fixtures copied under src/test/resources/fixtures/diffusion and reads typed values. */
final class Fixtures {

    private static final String DIRECTORY = "/fixtures/diffusion/";

    private Fixtures() {
    }

    static NpzReader open(String fileName) {
        URL url = Fixtures.class.getResource(DIRECTORY + fileName);
        if (url == null) {
            throw new IllegalStateException("missing test resource " + DIRECTORY + fileName);
        }
        try {
            return NpzReader.open(Path.of(url.toURI()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static INDArray read(NpzReader file, String key) {
        try {
            return file.read(key);
        } catch (IOException e) {
            throw new UncheckedIOException(key, e);
        }
    }

    /** A float32 tensor (stored float32 in the fixtures). */
    static INDArray floats(NpzReader file, String key) {
        return read(file, key).castTo(DataType.FLOAT);
    }

    static double[] doubles(NpzReader file, String key) {
        return read(file, key).castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
    }

    static int[] ints(NpzReader file, String key) {
        return Arrays.stream(longs(file, key)).mapToInt(Math::toIntExact).toArray();
    }

    static long[] longs(NpzReader file, String key) {
        return read(file, key).castTo(DataType.INT64).reshape(-1).toLongVector();
    }
}
