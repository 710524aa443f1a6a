package org.ditjava.io.torch;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.ditjava.io.TensorFileException;

/**
 * The bytes of one pickle, read in order with the position counted, so that a reader knows
 * exactly where a pickle ended (the legacy format puts storages right after its pickles). Every
 * length read from the file is checked against the bytes that remain before anything is allocated.
 */
final class PickleInput {
    private final Path file;
    private final InputStream in;
    private final long limit;
    private long position;

    /**
     * @param in    positioned at {@code start}
     * @param start position of the first byte in the file (or entry)
     * @param limit position one past the last readable byte
     */
    PickleInput(Path file, InputStream in, long start, long limit) {
        this.file = file;
        this.in = in;
        this.position = start;
        this.limit = limit;
    }

    Path file() {
        return file;
    }

    long position() {
        return position;
    }

    int readByte() throws IOException {
        if (position >= limit) {
            throw truncated(1);
        }
        int b = in.read();
        if (b < 0) {
            throw truncated(1);
        }
        position++;
        return b;
    }

    byte[] readBytes(long n) throws IOException {
        if (n < 0 || n > limit - position || n > Integer.MAX_VALUE - 8) {
            throw truncated(n);
        }
        byte[] b = in.readNBytes((int) n);
        if (b.length != n) {
            throw truncated(n);
        }
        position += n;
        return b;
    }

    /** A little-endian unsigned integer of {@code width} bytes (1, 2 or 4), or a signed long of 8. */
    long readLE(int width) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(readBytes(width)).order(ByteOrder.LITTLE_ENDIAN);
        return switch (width) {
            case 1 -> b.get() & 0xFFL;
            case 2 -> b.getShort() & 0xFFFFL;
            case 4 -> b.getInt() & 0xFFFFFFFFL;
            default -> b.getLong();
        };
    }

    /** The bytes up to (not including) the next newline, as Latin-1 text. */
    String readLine() throws IOException {
        StringBuilder s = new StringBuilder();
        for (int b = readByte(); b != '\n'; b = readByte()) {
            if (s.length() > 1 << 20) {
                throw new TensorFileException(file, null, "malformed pickle: a text line longer than 1 MiB at byte " + position);
            }
            s.append((char) b);
        }
        return s.toString();
    }

    String readUtf8(long n) throws IOException {
        return new String(readBytes(n), StandardCharsets.UTF_8);
    }

    private TensorFileException truncated(long wanted) {
        return new TensorFileException(file, null, "truncated: the pickle needs " + wanted
                + " more byte(s) at byte " + position + " but the data ends at byte " + limit);
    }
}
