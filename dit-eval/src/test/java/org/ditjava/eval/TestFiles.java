package org.ditjava.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.ditjava.io.NpzWriter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Writes small ADM-format sample files for the tests. */
final class TestFiles {
    private TestFiles() {
    }

    /** Random uint8 images of the given shape (seeded). */
    static INDArray images(long seed, long... shape) {
        Random rng = new Random(seed);
        float[] v = new float[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
            v[i] = rng.nextInt(256);
        }
        return Nd4j.create(v, shape, DataType.FLOAT).castTo(DataType.UBYTE);
    }

    /** Seeded standard normal float32 values of the given shape. */
    static INDArray gaussian(long seed, long... shape) {
        Random rng = new Random(seed);
        float[] v = new float[(int) java.util.Arrays.stream(shape).reduce(1, (a, b) -> a * b)];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian();
        }
        return Nd4j.create(v, shape, DataType.FLOAT);
    }

    /** An {@code .npz} with {@code arr_0} = {@code images} (plus extra arrays given as name, array pairs). */
    static Path npz(Path file, INDArray images, Object... extra) throws IOException {
        try (NpzWriter w = NpzWriter.create(file, NpzWriter.Compression.STORED)) {
            w.write("arr_0", images);
            for (int i = 0; i < extra.length; i += 2) {
                w.write((String) extra[i], (INDArray) extra[i + 1]);
            }
            w.commit();
        }
        return file;
    }
}
