package org.ditjava.io.torch;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.ditjava.io.TensorFileException;

/**
 * Opens the two containers {@code torch.save} writes and unpickles their object tree:
 * the zip archive (torch ≥ 1.6: {@code <name>/data.pkl}, {@code <name>/data/<key>}, ...) and the
 * legacy stream (magic-number pickle, protocol-version pickle, system-info pickle, the object
 * pickle, the storage-key list pickle, then the storages). Reference: {@code torch/serialization.py}.
 */
final class CheckpointFormats {
    /** The legacy format's first pickle: {@code MAGIC_NUMBER = 0x1950a86a20f9469cfc6c}. */
    static final BigInteger LEGACY_MAGIC = new BigInteger("1950a86a20f9469cfc6c", 16);
    static final long LEGACY_PROTOCOL = 1001;

    /** The object tree and where its storages live. */
    record Opened(Object root, Map<String, StorageRef> storages, StorageData data) {
    }

    private CheckpointFormats() {
    }

    static boolean isZip(FileChannel ch) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(4);
        ch.read(head, 0);
        return head.position() == 4 && head.getInt(0) == 0x504B0304;
    }

    static Opened openZip(Path file, FileChannel ch, GlobalResolver resolver) throws IOException {
        ZipFile zip;
        try {
            zip = ZipFile.builder().setSeekableByteChannel(ch).setPath(file).get();
        } catch (IOException e) {
            throw new TensorFileException(file, null, "not a readable zip archive (truncated?): " + e.getMessage(), e);
        }
        try {
            String prefix = recordPrefix(file, zip);
            checkByteOrder(file, zip, prefix);
            ZipArchiveEntry pkl = zip.getEntry(prefix + "data.pkl");
            Storages storages = new Storages(file);
            Object root;
            try (InputStream in = new BufferedInputStream(zip.getInputStream(pkl))) {
                root = new Unpickler(new PickleInput(file, in, 0, pkl.getSize()), resolver, storages).load();
            }
            StorageData data = new ZipStorages(file, zip, ch, prefix);
            storages.checkStored(data);
            return new Opened(root, storages.byKey(), data);
        } catch (IOException | RuntimeException e) {
            zip.close();
            throw e;
        }
    }

    private static String recordPrefix(Path file, ZipFile zip) throws TensorFileException {
        for (ZipArchiveEntry e : Collections.list(zip.getEntries())) {
            String name = e.getName();
            if (name.endsWith("data.pkl") && name.indexOf('/') == name.length() - "data.pkl".length() - 1) {
                return name.substring(0, name.length() - "data.pkl".length());
            }
        }
        throw new TensorFileException(file, null, "not a PyTorch checkpoint: the zip archive has no <name>/data.pkl");
    }

    private static void checkByteOrder(Path file, ZipFile zip, String prefix) throws IOException {
        ZipArchiveEntry e = zip.getEntry(prefix + "byteorder");
        if (e != null) {
            try (InputStream in = zip.getInputStream(e)) {
                String order = new String(in.readNBytes(16), StandardCharsets.US_ASCII).trim();
                if (!order.equals("little")) {
                    throw new TensorFileException(file, null, "storages are '" + order + "'-endian; only little-endian files are read");
                }
            }
        }
    }

    static Opened openLegacy(Path file, FileChannel ch, GlobalResolver resolver) throws IOException {
        long size = ch.size();
        PickleInput in = new PickleInput(file, new BufferedInputStream(Channels.newInputStream(ch.position(0)), 1 << 16), 0, size);
        Object magic;
        try {
            magic = new Unpickler(in, resolver, pid -> null).load();
        } catch (UnsafeCheckpointException e) {
            throw e;
        } catch (TensorFileException e) {
            throw notACheckpoint(file, e);
        }
        if (!LEGACY_MAGIC.equals(magic)) {
            throw notACheckpoint(file, null);
        }
        Object protocol = new Unpickler(in, resolver, pid -> null).load();
        if (!Long.valueOf(LEGACY_PROTOCOL).equals(protocol)) {
            throw new TensorFileException(file, null, "legacy checkpoint with protocol version " + protocol + "; only " + LEGACY_PROTOCOL + " is read");
        }
        Object sysInfo = new Unpickler(in, resolver, pid -> null).load();
        if (sysInfo instanceof Map<?, ?> m && Boolean.FALSE.equals(m.get("little_endian"))) {
            throw new TensorFileException(file, null, "the file was written on a big-endian machine; only little-endian files are read");
        }
        Storages storages = new Storages(file);
        Object root = new Unpickler(in, resolver, storages).load();
        Object keys = new Unpickler(in, resolver, pid -> null).load();
        if (!(keys instanceof List<?> keyList)) {
            throw new TensorFileException(file, null, "malformed legacy checkpoint: the storage key list is " + Unpickler.describe(keys));
        }
        StorageData data = new LegacyStorages(file, ch, storageOffsets(file, ch, in.position(), keyList, storages.byKey()));
        storages.checkStored(data);
        return new Opened(root, storages.byKey(), data);
    }

    /** Walks the storage runs after the pickles: an int64 element count, then the bytes. */
    private static Map<String, long[]> storageOffsets(Path file, FileChannel ch, long start, List<?> keys,
                                                      Map<String, StorageRef> refs) throws IOException {
        Map<String, long[]> out = new LinkedHashMap<>();
        long pos = start;
        ByteBuffer count = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        for (Object k : keys) {
            String key = String.valueOf(k);
            StorageRef ref = refs.get(key);
            if (ref == null) {
                throw new TensorFileException(file, null, "malformed legacy checkpoint: storage '" + key + "' is listed but never used");
            }
            count.clear();
            while (count.hasRemaining() && ch.read(count, pos + count.position()) > 0) {
                // positional read of the 8-byte count
            }
            if (count.hasRemaining()) {
                throw new TensorFileException(file, null, "truncated: the file ends at byte " + ch.size()
                        + ", inside the header of storage '" + key + "'");
            }
            long elements = count.getLong(0);
            long bytes = elements < 0 ? -1 : Math.multiplyExact(elements, (long) ref.dtype().byteSize());
            if (bytes < 0 || pos + 8 + bytes > ch.size()) {
                throw new TensorFileException(file, null, "truncated: storage '" + key + "' needs " + bytes
                        + " bytes from byte " + (pos + 8) + " but the file ends at byte " + ch.size());
            }
            out.put(key, new long[] {pos + 8, bytes});
            pos += 8 + bytes;
        }
        return out;
    }

    private static TensorFileException notACheckpoint(Path file, Throwable cause) {
        return new TensorFileException(file, null, "not a PyTorch checkpoint: neither a zip archive nor torch's legacy"
                + " format (whose first pickle is the magic number 0x1950a86a20f9469cfc6c)", cause);
    }
}
