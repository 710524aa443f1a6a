package org.ditjava.io;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import org.apache.commons.compress.archivers.zip.Zip64Mode;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;
import org.apache.commons.compress.archivers.zip.ZipUtil;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes NumPy {@code .npz} archives that {@code np.load} reads: one {@code name.npy} entry per
 * array, stored (like {@code np.savez}) or deflated (like {@code np.savez_compressed}), with zip64
 * records wherever an entry or offset passes 4 GiB. Arrays can be written whole or streamed in
 * chunks ({@link #begin}), so an archive never has to fit in memory.
 *
 * <p>The archive is built under a temporary name and appears only on {@link #commit()}; closing
 * without a commit (after an error, say) leaves no file behind.
 *
 * <p>Deviation from {@code np.savez}: entries carry a fixed modification time (1980-01-01, the DOS
 * epoch) instead of the current time, so the same arrays always give the same bytes (a resumed
 * sampling run reproduces an uninterrupted one byte for byte).
 */
public final class NpzWriter implements Closeable {

    /** How entries are stored. */
    public enum Compression {
        /** No compression, as {@code np.savez}. */
        STORED,
        /** Deflate, as {@code np.savez_compressed}. */
        DEFLATED
    }

    /** 1980-01-01 00:00 local time: the earliest DOS date-time a zip entry can hold. */
    private static final long ENTRY_TIME = ZipUtil.dosToJavaTime(0x0021_0000L);

    private final Path file;
    private final Compression compression;
    private final AtomicFile target;
    private final ZipArchiveOutputStream zip;
    private final Set<String> written = new HashSet<>();
    private ArrayOutput open;
    private OutputStream openStream;

    private NpzWriter(Path file, Compression compression) throws IOException {
        this.file = file;
        this.compression = compression;
        this.target = AtomicFile.create(file);
        this.zip = new ZipArchiveOutputStream(target.tempPath());
        zip.setUseZip64(Zip64Mode.AsNeeded);
        zip.setLevel(Deflater.DEFAULT_COMPRESSION);
    }

    /** Starts an archive at {@code file} (the directory must exist). */
    public static NpzWriter create(Path file, Compression compression) throws IOException {
        return new NpzWriter(file, compression);
    }

    /** Writes a whole array under {@code name}. */
    public NpzWriter write(String name, INDArray array) throws IOException {
        begin(name, HostArrays.infoOf(array)).write(array);
        finishEntry();
        return this;
    }

    /**
     * Starts a streamed entry of the given type and shape; append its data to the returned output.
     * The entry is closed (and its size checked) by the next {@code begin}, {@code write} or
     * {@code commit}.
     */
    public ArrayOutput begin(String name, TensorInfo info) throws IOException {
        finishEntry();
        if (name.isEmpty() || !written.add(name)) {
            throw new TensorFileException(file, name, name.isEmpty() ? "empty array name" : "array written twice");
        }
        byte[] header = NpyHeader.encode(info);
        ZipArchiveEntry e = new ZipArchiveEntry(name + ".npy");
        e.setMethod(compression == Compression.STORED ? ZipEntry.STORED : ZipEntry.DEFLATED);
        e.setTime(ENTRY_TIME);
        e.setSize(header.length + info.numBytes());
        zip.putArchiveEntry(e);
        openStream = new BufferedOutputStream(new EntryStream(zip), 1 << 16);
        openStream.write(header);
        open = new ArrayOutput(openStream, info, file, name);
        return open;
    }

    /** Closes the last entry, finishes the archive and moves it into place. */
    public void commit() throws IOException {
        finishEntry();
        zip.finish();
        zip.close();
        target.commit();
    }

    private void finishEntry() throws IOException {
        if (open == null) {
            return;
        }
        ArrayOutput last = open;
        open = null;
        last.requireComplete();
        openStream.flush();
        zip.closeArchiveEntry();
    }

    @Override
    public void close() throws IOException {
        try {
            zip.close();
        } catch (IOException | RuntimeException ignored) {
            // the archive is being discarded; the temporary file goes below
        } finally {
            target.close();
        }
    }

    /** Forwards writes to the current zip entry; closing it does not close the archive. */
    private static final class EntryStream extends OutputStream {
        private final ZipArchiveOutputStream zip;

        EntryStream(ZipArchiveOutputStream zip) {
            this.zip = zip;
        }

        @Override
        public void write(int b) throws IOException {
            zip.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            zip.write(b, off, len);
        }
    }
}
