package org.ditjava.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * The IDX format of MNIST and Fashion-MNIST (LeCun et al.; big-endian): two zero bytes, a type byte
 * ({@code 0x08} = unsigned byte, the only one these datasets use), the number of dimensions, each
 * dimension as an int32, then the data in C order. Gzip-compressed files are recognised by their
 * magic bytes. Every malformation fails with the file named.
 */
public final class IdxFile {
    private static final int UBYTE = 0x08;

    /** Dimensions and unsigned-byte data of one IDX file. */
    public record Contents(int[] dims, byte[] data) {
        public Contents {
            dims = dims.clone();
        }

        @Override
        public int[] dims() {
            return dims.clone();
        }

        /** Value {@code i} of the flat data, 0..255. */
        public int get(int i) {
            return data[i] & 0xFF;
        }
    }

    private IdxFile() {
    }

    /** Reads an IDX file of unsigned bytes, gzipped or not. */
    public static Contents read(Path file) throws IOException {
        try (DataInputStream in = new DataInputStream(open(file))) {
            int magic = in.readInt();
            if ((magic >>> 16) != 0) {
                throw new IOException(file + ": not an IDX file (magic 0x" + Integer.toHexString(magic) + ")");
            }
            int type = (magic >>> 8) & 0xFF;
            if (type != UBYTE) {
                throw new IOException(file + ": IDX element type 0x" + Integer.toHexString(type) + " is not supported (only 0x08, unsigned byte)");
            }
            int[] dims = new int[magic & 0xFF];
            long total = 1;
            for (int i = 0; i < dims.length; i++) {
                dims[i] = in.readInt();
                total *= dims[i];
                if (dims[i] < 0 || total > Integer.MAX_VALUE - 8) {
                    throw new IOException(file + ": bad IDX dimensions " + Arrays.toString(Arrays.copyOf(dims, i + 1)));
                }
            }
            byte[] data = new byte[(int) total];
            in.readFully(data);
            if (in.read() >= 0) {
                throw new IOException(file + ": data continues after the " + total + " values the header " + Arrays.toString(dims) + " declares");
            }
            return new Contents(dims, data);
        } catch (EOFException e) {
            throw new IOException(file + ": truncated IDX file", e);
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        raw.mark(2);
        int b0 = raw.read();
        int b1 = raw.read();
        raw.reset();
        return b0 == 0x1f && b1 == 0x8b ? new GZIPInputStream(raw, 1 << 16) : raw;
    }
}
