package org.ditjava.io;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads NumPy {@code .npz} archives ({@code np.savez} stored and {@code np.savez_compressed}
 * deflated, zip64 included) array by array, whole or streamed in chunks. Every entry's header is
 * checked against the entry's size, and its CRC-32 once the data has been read to the end.
 *
 * <p>ND4J's own {@code Nd4j.createFromNpzFile} cannot serve here: it is int-sized, rejects
 * compressed archives and {@code bool}, and has no writer.
 */
public final class NpzReader implements TensorSource {
    private static final String SUFFIX = ".npy";

    private final Path file;
    private final ZipFile zip;
    private final Map<String, ZipArchiveEntry> entries;
    private final Map<String, NpyHeader> headers = new HashMap<>();

    private NpzReader(Path file, ZipFile zip, Map<String, ZipArchiveEntry> entries) {
        this.file = file;
        this.zip = zip;
        this.entries = entries;
    }

    /** Opens an archive; fails with a message naming the file if it is missing or not a zip archive. */
    public static NpzReader open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new TensorFileException(file, null, Files.exists(file) ? "not a regular file" : "no such file");
        }
        ZipFile zip;
        try {
            zip = ZipFile.builder().setPath(file).get();
        } catch (IOException | RuntimeException e) {
            throw new TensorFileException(file, null, "not a readable .npz (zip) archive, perhaps truncated: " + e.getMessage(), e);
        }
        Map<String, ZipArchiveEntry> entries = new LinkedHashMap<>();
        for (ZipArchiveEntry e : Collections.list(zip.getEntriesInPhysicalOrder())) {
            if (!e.isDirectory() && e.getName().endsWith(SUFFIX)) {
                entries.putIfAbsent(e.getName().substring(0, e.getName().length() - SUFFIX.length()), e);
            }
        }
        return new NpzReader(file, zip, entries);
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public List<String> names() {
        return new ArrayList<>(entries.keySet());
    }

    @Override
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The parsed {@code .npy} header of one entry. */
    public NpyHeader header(String name) throws IOException {
        NpyHeader h = headers.get(name);
        if (h == null) {
            try (InputStream in = entryStream(name)) {
                h = NpyHeader.read(in, file, name);
            }
            checkSize(name, h);
            headers.put(name, h);
        }
        return h;
    }

    @Override
    public TensorInfo info(String name) throws IOException {
        return header(name).info();
    }

    @Override
    public INDArray read(String name) throws IOException {
        try (ArrayInput in = stream(name)) {
            return in.readAll();
        }
    }

    /** Opens one entry for chunked reading. */
    public ArrayInput stream(String name) throws IOException {
        NpyHeader h = header(name);
        InputStream in = entryStream(name);
        try {
            in.skipNBytes(h.headerBytes());
        } catch (IOException e) {
            in.close();
            throw new TensorFileException(file, name, "truncated entry: " + e.getMessage(), e);
        }
        return new ArrayInput(in, h, file, name);
    }

    private InputStream entryStream(String name) throws IOException {
        ZipArchiveEntry e = entries.get(name);
        if (e == null) {
            throw noSuchArray(name);
        }
        if (!zip.canReadEntryData(e)) {
            throw new TensorFileException(file, name, "zip compression method " + e.getMethod()
                    + " is not supported (np.savez stores, np.savez_compressed deflates)");
        }
        try {
            return new CrcCheck(new BufferedInputStream(zip.getInputStream(e), 1 << 16), e, file, name);
        } catch (IOException | RuntimeException ex) {
            throw new TensorFileException(file, name, "cannot read the entry: " + ex.getMessage(), ex);
        }
    }

    private void checkSize(String name, NpyHeader h) throws TensorFileException {
        long size = entries.get(name).getSize();
        long declared = h.headerBytes() + h.info().numBytes();
        if (size >= 0 && size != declared) {
            throw new TensorFileException(file, name, "the header declares " + h.info() + " = "
                    + h.info().numBytes() + " data bytes but the entry holds " + (size - h.headerBytes()));
        }
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }

    /** Counts the bytes read and compares the CRC-32 with the archive's once the entry is complete. */
    private static final class CrcCheck extends FilterInputStream {
        private final CRC32 crc = new CRC32();
        private final ZipArchiveEntry entry;
        private final Path file;
        private final String name;
        private long count;

        CrcCheck(InputStream in, ZipArchiveEntry entry, Path file, String name) {
            super(in);
            this.entry = entry;
            this.file = file;
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = super.read(b, off, len);
            } catch (IOException e) {
                throw new TensorFileException(file, name, "corrupt or truncated entry: " + e.getMessage(), e);
            }
            if (n > 0) {
                crc.update(b, off, n);
                count += n;
                if (count == entry.getSize() && entry.getCrc() >= 0 && crc.getValue() != entry.getCrc()) {
                    throw new TensorFileException(file, name, String.format(
                            "CRC-32 mismatch (data %08x, archive says %08x): the entry is corrupt", crc.getValue(), entry.getCrc()));
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(n, 8192)];
            long left = n;
            while (left > 0) {
                int r = read(buf, 0, (int) Math.min(left, buf.length));
                if (r < 0) {
                    break;
                }
                left -= r;
            }
            return n - left;
        }
    }
}
