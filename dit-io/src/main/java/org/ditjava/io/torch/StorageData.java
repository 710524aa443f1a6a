package org.ditjava.io.torch;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Random access to the bytes of a checkpoint's storages, wherever the container keeps them:
 * {@link ZipStorages} (entries {@code <archive>/data/<key>}) or {@link LegacyStorages} (raw runs
 * after the pickles). Reads go straight from the file; nothing is cached.
 */
interface StorageData extends Closeable {

    /** Bytes the file holds for storage {@code key}, or -1 when it holds none. */
    long storedBytes(String key) throws IOException;

    /** Fills {@code dst} with the storage's bytes from {@code byteOffset} on. */
    void read(StorageRef storage, long byteOffset, ByteBuffer dst) throws IOException;
}
