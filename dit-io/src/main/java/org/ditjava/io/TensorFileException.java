package org.ditjava.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A tensor file that cannot be read or written as asked. The message always names the file, the
 * array where one is involved, and what is wrong.
 */
public class TensorFileException extends IOException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String array;

    public TensorFileException(Path file, String array, String problem) {
        this(file, array, problem, null);
    }

    public TensorFileException(Path file, String array, String problem, Throwable cause) {
        super(describe(file, array, problem), cause);
        this.file = file;
        this.array = array;
    }

    /** The file concerned. */
    public Path file() {
        return file;
    }

    /** The array concerned, or {@code null} when the problem is with the file as a whole. */
    public String array() {
        return array;
    }

    private static String describe(Path file, String array, String problem) {
        String where = array == null ? String.valueOf(file) : file + ", array '" + array + "'";
        return where + ": " + problem;
    }
}
