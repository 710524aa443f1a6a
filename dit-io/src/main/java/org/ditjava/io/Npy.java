package org.ditjava.io;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Single NumPy {@code .npy} files: whole-array and streaming read and write. */
public final class Npy {
    private Npy() {
    }

    /** Reads a whole {@code .npy} file into a C-order array. */
    public static INDArray read(Path file) throws IOException {
        try (ArrayInput in = open(file)) {
            return in.readAll();
        }
    }

    /** Reads only the header. */
    public static NpyHeader header(Path file) throws IOException {
        try (InputStream in = openFile(file)) {
            return NpyHeader.read(in, file, null);
        }
    }

    /** Opens the file for chunked reading, after checking the header against the file size. */
    public static ArrayInput open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(openFile(file), 1 << 16);
        try {
            NpyHeader h = NpyHeader.read(in, file, null);
            long expected = h.headerBytes() + h.info().numBytes();
            long actual = Files.size(file);
            if (actual < expected) {
                throw new TensorFileException(file, null, "truncated: the header declares " + h.info()
                        + " = " + h.info().numBytes() + " data bytes but the file holds " + (actual - h.headerBytes()));
            }
            return new ArrayInput(in, h, file, null);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** Writes {@code array} to {@code file} atomically (NumPy format 1.0, or 2.0 for huge headers). */
    public static void write(Path file, INDArray array) throws IOException {
        try (Writer w = create(file, HostArrays.infoOf(array))) {
            w.data().write(array);
            w.commit();
        }
    }

    /** Starts a streaming write of an array of the given type and shape. */
    public static Writer create(Path file, TensorInfo info) throws IOException {
        return new Writer(file, info);
    }

    private static InputStream openFile(Path file) throws IOException {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new TensorFileException(file, null, "no such file", e);
        }
    }

    /**
     * A {@code .npy} file being written: append data through {@link #data()}, then {@link #commit()}.
     * Closing without a commit (or with missing data) leaves no file behind.
     */
    public static final class Writer implements Closeable {
        private final AtomicFile target;
        private final OutputStream out;
        private final ArrayOutput data;

        private Writer(Path file, TensorInfo info) throws IOException {
            this.target = AtomicFile.create(file);
            this.out = new BufferedOutputStream(Files.newOutputStream(target.tempPath()), 1 << 16);
            out.write(NpyHeader.encode(info));
            this.data = new ArrayOutput(out, info, file, null);
        }

        /** Where the element bytes go. */
        public ArrayOutput data() {
            return data;
        }

        /** Checks that every byte was written, then moves the file into place. */
        public void commit() throws IOException {
            data.requireComplete();
            out.close();
            target.commit();
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } finally {
                target.close();
            }
        }
    }
}
