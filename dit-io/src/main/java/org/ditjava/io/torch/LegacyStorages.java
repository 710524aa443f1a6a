package org.ditjava.io.torch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Map;
import org.ditjava.io.TensorFileException;

/**
 * Storages of a legacy checkpoint (torch before 1.6, or {@code _use_new_zipfile_serialization=False}):
 * after the pickles, each storage in the order of the saved key list is an 8-byte little-endian
 * element count followed by its raw bytes ({@code torch/serialization.py}, {@code _legacy_save}).
 */
final class LegacyStorages implements StorageData {
    private final Path file;
    private final FileChannel channel;
    private final Map<String, long[]> offsetAndBytes;

    /** @param offsetAndBytes for each key, the file offset of its first data byte and its byte count */
    LegacyStorages(Path file, FileChannel channel, Map<String, long[]> offsetAndBytes) {
        this.file = file;
        this.channel = channel;
        this.offsetAndBytes = offsetAndBytes;
    }

    @Override
    public long storedBytes(String key) {
        long[] ob = offsetAndBytes.get(key);
        return ob == null ? -1 : ob[1];
    }

    @Override
    public void read(StorageRef storage, long byteOffset, ByteBuffer dst) throws IOException {
        long[] ob = offsetAndBytes.get(storage.key());
        if (ob == null || byteOffset + dst.remaining() > ob[1]) {
            throw new TensorFileException(file, null, "storage '" + storage.key() + "' is missing or too short");
        }
        long pos = ob[0] + byteOffset;
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
        channel.close();
    }
}
