package org.ditjava.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** IDX parsing and Fashion-MNIST loading from tiny files written here (the real files are not needed). */
class FashionMnistTest {
    private static final int N = 3;

    @TempDir
    Path dir;

    private static byte[] idx(int[] dims, byte[] data) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeInt(0x0800 | dims.length);
        for (int d : dims) {
            out.writeInt(d);
        }
        out.write(data);
        return bytes.toByteArray();
    }

    private static void write(Path file, byte[] content, boolean gzip) throws IOException {
        try (OutputStream out = gzip ? new GZIPOutputStream(Files.newOutputStream(file)) : Files.newOutputStream(file)) {
            out.write(content);
        }
    }

    /** Image i has pixel (y, x) = (i * 50 + y + x) % 256; labels 9, 0, 4. */
    private void writeSplit(String prefix, boolean gzip) throws IOException {
        byte[] px = new byte[N * 28 * 28];
        for (int i = 0; i < N; i++) {
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    px[(i * 28 + y) * 28 + x] = (byte) ((i * 50 + y + x) % 256);
                }
            }
        }
        String gz = gzip ? ".gz" : "";
        write(dir.resolve(prefix + "-images-idx3-ubyte" + gz), idx(new int[] {N, 28, 28}, px), gzip);
        write(dir.resolve(prefix + "-labels-idx1-ubyte" + gz), idx(new int[] {N}, new byte[] {9, 0, 4}), gzip);
    }

    @Test
    void loadsImagesInMinusOneToOneWithLabels() throws IOException {
        writeSplit("train", true);
        LabeledImages train = FashionMnist.load(dir, FashionMnist.Split.TRAIN, FashionMnist.Layout.SIZE_28);
        assertArrayEquals(new long[] {N, 1, 28, 28}, train.images().shape());
        assertArrayEquals(new long[] {9, 0, 4}, train.labels().toLongVector());
        assertEquals("Ankle boot", train.classes().get(9));
        INDArray x = train.images();
        assertEquals(-1f, x.getFloat(0, 0, 0, 0));                         // value 0
        assertEquals((101 / 255f - 0.5f) / 0.5f, x.getFloat(2, 0, 0, 1));    // 2 * 50 + 0 + 1
        assertEquals((54 / 255f - 0.5f) / 0.5f, x.getFloat(0, 0, 27, 27));
    }

    @Test
    void paddedLayoutAddsABackgroundBorder() throws IOException {
        writeSplit("t10k", false);                                           // uncompressed files work too
        LabeledImages test = FashionMnist.load(dir, FashionMnist.Split.TEST, FashionMnist.Layout.PADDED_32);
        INDArray x = test.images();
        assertArrayEquals(new long[] {N, 1, 32, 32}, x.shape());
        assertEquals(-1f, x.getFloat(1, 0, 0, 0));
        assertEquals(-1f, x.getFloat(1, 0, 31, 31));
        assertEquals((50 / 255f - 0.5f) / 0.5f, x.getFloat(1, 0, 2, 2));   // original (0, 0) of image 1
        assertTrue(x.maxNumber().floatValue() <= 1f && x.minNumber().floatValue() >= -1f);
    }

    @Test
    void missingFilesSayHowToGetThem() {
        FileNotFoundException e = assertThrows(FileNotFoundException.class,
                () -> FashionMnist.load(dir.resolve("nowhere"), FashionMnist.Split.TRAIN, FashionMnist.Layout.SIZE_28));
        assertTrue(e.getMessage().contains("apt-get install dataset-fashion-mnist"), e.getMessage());
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains(FashionMnist.ENV), e.getMessage());
    }

    @Test
    void theInstalledDatasetLoadsWhenPresent() throws IOException {
        Path real = FashionMnist.defaultDir();
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(real.resolve("t10k-images-idx3-ubyte.gz")),
                "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        LabeledImages test = FashionMnist.load(real, FashionMnist.Split.TEST, FashionMnist.Layout.PADDED_32);
        assertArrayEquals(new long[] {10_000, 1, 32, 32}, test.images().shape());
        long[] counts = new long[10];
        for (long y : test.labels().toLongVector()) {
            counts[(int) y]++;
        }
        assertArrayEquals(new long[] {1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000, 1000}, counts);
        assertEquals(-1f, test.images().minNumber().floatValue());
        assertEquals(1f, test.images().maxNumber().floatValue());
    }

    @Test
    void malformedIdxFilesNameTheFile() throws IOException {
        Path bad = dir.resolve("bad");
        write(bad, new byte[] {1, 2, 3, 4, 5, 6}, false);
        IOException magic = assertThrows(IOException.class, () -> IdxFile.read(bad));
        assertTrue(magic.getMessage().contains("bad") && magic.getMessage().contains("not an IDX"), magic.getMessage());
        Path cut = dir.resolve("cut.gz");
        byte[] full = idx(new int[] {2, 28, 28}, new byte[2 * 28 * 28]);
        write(cut, java.util.Arrays.copyOf(full, 100), true);
        IOException truncated = assertThrows(IOException.class, () -> IdxFile.read(cut));
        assertTrue(truncated.getMessage().contains("truncated"), truncated.getMessage());
        writeSplit("train", true);
        write(dir.resolve("train-labels-idx1-ubyte.gz"), idx(new int[] {N}, new byte[] {9, 0, 12}), true);
        IOException label = assertThrows(IOException.class,
                () -> FashionMnist.load(dir, FashionMnist.Split.TRAIN, FashionMnist.Layout.SIZE_28));
        assertTrue(label.getMessage().contains("12"), label.getMessage());
    }
}
