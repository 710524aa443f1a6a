package org.ditjava.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file of a dataset that cannot be used (not an image, truncated, empty, unreadable, a link that
 * loops or leaves the root, an empty class folder), with the file and the reason. Unchecked so it
 * crosses iterators and DataVec's {@code RecordReader} unchanged.
 */
public final class BadInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final String reason;

    public BadInputException(Path file, String reason) {
        this(file, reason, null);
    }

    public BadInputException(Path file, String reason, Throwable cause) {
        super(file + ": " + reason, cause);
        this.file = Objects.requireNonNull(file, "file");
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** The offending file or folder. */
    public Path file() {
        return file;
    }

    /** Why it was rejected, without the file name. */
    public String reason() {
        return reason;
    }
}
