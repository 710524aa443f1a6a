package org.ditjava.io;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Sequential, chunked access to the data of one stored array, so that arrays larger than memory
 * (or than 2³¹ elements) can be processed piece by piece. Obtained from {@link Npy#open(Path)} or
 * {@link NpzReader#stream(String)}.
 */
public final class ArrayInput implements Closeable {
    private final ReadableByteChannel in;
    private final NpyHeader header;
    private final Path file;
    private final String array;
    private long remaining;

    ArrayInput(InputStream in, NpyHeader header, Path file, String array) {
        this.in = Channels.newChannel(in);
        this.header = header;
        this.file = file;
        this.array = array;
        this.remaining = header.info().numBytes();
    }

    /** Type and shape of the whole array. */
    public TensorInfo info() {
        return header.info();
    }

    /** Data bytes not read yet. */
    public long remainingBytes() {
        return remaining;
    }

    /** Fills all of {@code dst}'s remaining space with the next raw little-endian element bytes. */
    public void readFully(ByteBuffer dst) throws IOException {
        int want = dst.remaining();
        if (want > remaining) {
            throw new TensorFileException(file, array,
                    "asked for " + want + " bytes but only " + remaining + " data bytes are left");
        }
        long start = header.info().numBytes() - remaining;
        while (dst.hasRemaining()) {
            int n = in.read(dst);
            if (n < 0) {
                long got = start + (want - dst.remaining());
                throw new TensorFileException(file, array, "truncated: the header declares "
                        + header.info().numBytes() + " data bytes for " + header.info() + " but the data ends after " + got);
            }
        }
        remaining -= want;
    }

    /**
     * Reads the next {@code rows} entries along the first axis as a C-order array of shape
     * {@code (rows, shape[1:]...)}.
     */
    public INDArray readRows(long rows) throws IOException {
        TensorInfo info = header.info();
        long[] shape = info.shape();
        if (shape.length == 0) {
            throw new TensorFileException(file, array, "a scalar has no rows");
        }
        if (header.fortranOrder() && shape.length > 1) {
            throw new TensorFileException(file, array, "a Fortran-order array cannot be streamed by rows; load it whole");
        }
        long[] rowShape = shape.clone();
        rowShape[0] = rows;
        TensorInfo chunk = new TensorInfo(info.dtype(), rowShape);
        return read(chunk, false);
    }

    /** Reads everything that is left, as an array of the declared shape (when nothing was read yet). */
    public INDArray readAll() throws IOException {
        if (remaining != header.info().numBytes()) {
            throw new TensorFileException(file, array, "readAll after partial reads; use readRows");
        }
        return read(header.info(), header.fortranOrder());
    }

    private INDArray read(TensorInfo chunk, boolean fortran) throws IOException {
        long bytes = chunk.numBytes();
        if (bytes > HostArrays.MAX_BYTES) {
            throw new TensorFileException(file, array, chunk + " is " + bytes
                    + " bytes, more than one array can hold here (2 GiB); read it in smaller pieces with readRows");
        }
        ByteBuffer buf = ByteBuffer.allocateDirect((int) bytes).order(ByteOrder.LITTLE_ENDIAN);
        readFully(buf);
        buf.flip();
        return HostArrays.toNd4j(chunk, fortran, buf);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    @Override
    public String toString() {
        return file + (array == null ? "" : "[" + array + "]") + " " + header.info() + " shape=" + Arrays.toString(header.info().shape());
    }
}
