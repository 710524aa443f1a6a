package org.ditjava.io.torch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.archivers.zip.ZipMethod;
import org.ditjava.io.TensorFileException;

/**
 * Storages of a zip checkpoint ({@code torch.save} since torch 1.6): entry {@code <prefix>data/<key>}
 * holds the raw little-endian bytes. {@code torch.save} stores entries uncompressed, so a read is a
 * positional read of the file at the entry's data offset; a deflated entry (a re-zipped file) is
 * read by decompressing up to the wanted bytes.
 */
final class ZipStorages implements StorageData {
    private final Path file;
    private final ZipFile zip;
    private final FileChannel channel;
    private final String prefix;

    ZipStorages(Path file, ZipFile zip, FileChannel channel, String prefix) {
        this.file = file;
        this.zip = zip;
        this.channel = channel;
        this.prefix = prefix;
    }

    @Override
    public long storedBytes(String key) {
        ZipArchiveEntry e = zip.getEntry(prefix + "data/" + key);
        return e == null ? -1 : e.getSize();
    }

    @Override
    public void read(StorageRef storage, long byteOffset, ByteBuffer dst) throws IOException {
        ZipArchiveEntry e = zip.getEntry(prefix + "data/" + storage.key());
        if (e == null || byteOffset + dst.remaining() > e.getSize()) {
            throw new TensorFileException(file, null, "storage '" + storage.key() + "' is missing or too short");
        }
        if (e.getMethod() == ZipMethod.STORED.getCode()) {
            readFully(dataOffset(e) + byteOffset, dst);
            return;
        }
        try (InputStream in = zip.getInputStream(e)) {
            in.skipNBytes(byteOffset);
            byte[] chunk = new byte[1 << 16];
            while (dst.hasRemaining()) {
                int n = in.read(chunk, 0, Math.min(chunk.length, dst.remaining()));
                if (n < 0) {
                    throw new TensorFileException(file, null, "storage '" + storage.key() + "' ends early");
                }
                dst.put(chunk, 0, n);
            }
        }
    }

    /** Where the entry's bytes start: after its local header (30 bytes, the name and the extra field). */
    private long dataOffset(ZipArchiveEntry e) throws IOException {
        long known = e.getDataOffset();
        if (known >= 0) {
            return known;
        }
        ByteBuffer header = ByteBuffer.allocate(30).order(ByteOrder.LITTLE_ENDIAN);
        readFully(e.getLocalHeaderOffset(), header);
        return e.getLocalHeaderOffset() + 30 + (header.getShort(26) & 0xFFFF) + (header.getShort(28) & 0xFFFF);
    }

    private void readFully(long position, ByteBuffer dst) throws IOException {
        long pos = position;
        while (dst.hasRemaining()) {
            int n = channel.read(dst, pos);
            if (n < 0) {
                throw new TensorFileException(file, null, "truncated: the file ends at byte " + pos);
            }
            pos += n;
        }
    }

    @Override
    public void close() throws IOException {
        try (channel) {
            zip.close();
        }
    }
}
