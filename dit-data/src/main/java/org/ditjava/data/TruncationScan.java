package org.ditjava.data;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Finds cut-short JPEG and PNG files of an {@link ImageFolder} before training starts, so that the
 * folder's {@link BadInputPolicy} applies up front (FAIL: stop now, naming the file; SKIP: log it
 * now) instead of a decode failing hours into a run. Only each file's last bytes are read: a JPEG
 * must end with its EOI marker {@code FF D9} (trailing zero padding allowed), a PNG with its
 * {@code IEND} chunk. A file that does not is decoded in full, and only a file the decoder rejects
 * is a bad input — so an unusual but readable file (data appended after the image) is kept. Other
 * formats are left to the decoder at load time.
 */
public final class TruncationScan {
    private static final byte[] PNG_END = {0x49, 0x45, 0x4E, 0x44, (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
    private static final int TAIL = 64;

    private TruncationScan() {
    }

    /**
     * Checks every image of {@code folder}, reporting the truncated ones to its {@link BadInputLog}.
     *
     * @return how many were found
     * @throws BadInputException under {@code FAIL}, for the first one
     */
    public static int scan(ImageFolder folder) {
        int bad = 0;
        for (Sample s : folder.samples()) {
            if (!endsWell(s.file())) {
                try {
                    ImageDecoder.decode(s.file());
                } catch (BadInputException e) {
                    bad++;
                    folder.badInputs().reject(e);
                }
            }
        }
        return bad;
    }

    /** Whether the file ends as a complete JPEG or PNG does (true for other formats and unreadable tails). */
    static boolean endsWell(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        boolean jpeg = name.endsWith(".jpg") || name.endsWith(".jpeg");
        boolean png = name.endsWith(".png");
        if (!jpeg && !png) {
            return true;
        }
        byte[] tail;
        try {
            tail = tail(file);
        } catch (IOException e) {
            return false;   // the decoder then says why
        }
        int end = tail.length;
        if (jpeg) {
            while (end > 0 && tail[end - 1] == 0) {
                end--;
            }
            return end >= 2 && tail[end - 2] == (byte) 0xFF && tail[end - 1] == (byte) 0xD9;
        }
        if (end < PNG_END.length) {
            return false;
        }
        for (int i = 0; i < PNG_END.length; i++) {
            if (tail[end - PNG_END.length + i] != PNG_END[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] tail(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            int n = (int) Math.min(TAIL, size);
            ByteBuffer buf = ByteBuffer.allocate(n);
            while (buf.hasRemaining() && ch.read(buf, size - n + buf.position()) > 0) {
                // read until full
            }
            return buf.array();
        }
    }
}
