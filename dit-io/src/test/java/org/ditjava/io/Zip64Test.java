package org.ditjava.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An array of more than 4 GiB (and more than 2³¹ elements) goes through an .npz archive in chunks
 * of 64 MiB: the archive needs zip64 records, and neither side ever holds the whole array. The
 * entry is deflated, so the file itself stays small on disk.
 */
class Zip64Test {
    private static final long ROW = 1 << 20;
    private static final long ROWS = 4200; // 4.4e9 bytes: past 2^32 bytes and 2^31 elements
    private static final int CHUNK_ROWS = 64;
    private static final int PERIOD = 251;

    @TempDir
    Path dir;

    /** Byte i of the array is i mod 251; {@code pattern} holds one chunk plus a period of slack. */
    private static final ByteBuffer PATTERN = pattern();

    private static ByteBuffer pattern() {
        ByteBuffer b = ByteBuffer.allocateDirect((int) (CHUNK_ROWS * ROW) + PERIOD);
        for (int i = 0; i < b.capacity(); i++) {
            b.put(i, (byte) (i % PERIOD));
        }
        return b;
    }

    private static ByteBuffer chunkAt(long firstRow, long rows) {
        int offset = (int) ((firstRow * ROW) % PERIOD);
        return PATTERN.duplicate().position(offset).limit(offset + (int) (rows * ROW)).slice();
    }

    @Test
    void moreThanFourGigabytesStreamThroughZip64() throws IOException {
        Path f = dir.resolve("huge.npz");
        TensorInfo info = new TensorInfo(DType.UINT8, new long[] {ROWS, ROW});
        try (NpzWriter w = NpzWriter.create(f, NpzWriter.Compression.DEFLATED)) {
            w.write("before", Nd4j.createFromArray(1.5f, 2.5f));
            ArrayOutput out = w.begin("huge", info);
            for (long r = 0; r < ROWS; r += CHUNK_ROWS) {
                out.write(chunkAt(r, Math.min(CHUNK_ROWS, ROWS - r)));
            }
            w.write("after", Nd4j.createFromArray(7L, 8L));
            w.commit();
        }
        assertTrue(Files.size(f) < (1L << 31), "deflated archive is small: " + Files.size(f));
        try (ZipFile zip = ZipFile.builder().setPath(f).get()) {
            ZipArchiveEntry e = zip.getEntry("huge.npy");
            assertTrue(e.getSize() > 0xFFFFFFFFL, "entry size needs zip64: " + e.getSize());
        }
        try (NpzReader npz = NpzReader.open(f); ArrayInput in = npz.stream("huge")) {
            assertEquals(info, in.info());
            for (long r = 0; r < ROWS; r += CHUNK_ROWS) {
                long n = Math.min(CHUNK_ROWS, ROWS - r);
                INDArray rows = in.readRows(n);
                assertEquals(-1, HostArrays.bytesOf(rows).mismatch(chunkAt(r, n)), "rows from " + r);
            }
            assertEquals(0, in.remainingBytes());
            assertEquals(Nd4j.createFromArray(1.5f, 2.5f), npz.read("before"));
            assertEquals(Nd4j.createFromArray(7L, 8L), npz.read("after"));
        }
    }
}
