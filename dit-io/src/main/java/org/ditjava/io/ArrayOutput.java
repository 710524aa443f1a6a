package org.ditjava.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sequential, chunked writing of one array's data after its header: the declared type and shape
 * are fixed up front, chunks are appended in C order, and the owner refuses to finish an array
 * whose byte count does not match its shape. Obtained from {@link NpzWriter#begin} or
 * {@link Npy.Writer#data()}.
 */
public final class ArrayOutput {
    private final OutputStream out;
    private final TensorInfo info;
    private final Path file;
    private final String array;
    private long remaining;
    private final byte[] scratch = new byte[1 << 16];

    ArrayOutput(OutputStream out, TensorInfo info, Path file, String array) {
        this.out = out;
        this.info = info;
        this.file = file;
        this.array = array;
        this.remaining = info.numBytes();
    }

    /** Type and shape of the whole array. */
    public TensorInfo info() {
        return info;
    }

    /** Data bytes still to be written. */
    public long remainingBytes() {
        return remaining;
    }

    /** Appends {@code chunk}'s elements in C order; its type must be the declared type. */
    public void write(INDArray chunk) throws IOException {
        DType type = DType.of(chunk.dataType());
        if (type != info.dtype()) {
            throw new TensorFileException(file, array, "chunk of type " + type.numpyDescr()
                    + " written to an array declared " + info.dtype().numpyDescr());
        }
        write(HostArrays.bytesOf(chunk));
    }

    /** Appends raw little-endian element bytes. */
    public void write(ByteBuffer bytes) throws IOException {
        int n = bytes.remaining();
        if (n > remaining) {
            throw new TensorFileException(file, array, "writing " + n + " more bytes would exceed the "
                    + info.numBytes() + " declared for " + info + " (" + remaining + " left)");
        }
        ByteBuffer src = bytes.duplicate();
        while (src.hasRemaining()) {
            int k = Math.min(src.remaining(), scratch.length);
            src.get(scratch, 0, k);
            out.write(scratch, 0, k);
        }
        remaining -= n;
    }

    void requireComplete() throws TensorFileException {
        if (remaining != 0) {
            throw new TensorFileException(file, array, "incomplete: " + remaining + " of " + info.numBytes()
                    + " data bytes for " + info + " were never written");
        }
    }

    @Override
    public String toString() {
        return array + " " + info + " shape=" + Arrays.toString(info.shape());
    }
}
