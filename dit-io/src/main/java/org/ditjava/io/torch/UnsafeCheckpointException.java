package org.ditjava.io.torch;

import java.nio.file.Path;
import org.ditjava.io.TensorFileException;

/**
 * A checkpoint whose pickle names a Python global that is not on the allow-list (for example
 * {@code posix.system}): it is refused when the name is read, before any object is built.
 */
public final class UnsafeCheckpointException extends TensorFileException {
    private static final long serialVersionUID = 1L;

    private final String global;

    /** Thrown by a resolver, which does not know the file; {@link Unpickler} adds it. */
    UnsafeCheckpointException(String global) {
        this(null, global, -1);
    }

    UnsafeCheckpointException(Path file, String global, long position) {
        super(file, null, "refused to load: the pickle asks for the Python global '" + global + "'"
                + (position >= 0 ? " (at pickle byte " + position + ")" : "")
                + ", which is not one a PyTorch checkpoint needs; nothing from the file was called or built");
        this.global = global;
    }

    /** The refused global as {@code module.name}, e.g. {@code posix.system}. */
    public String global() {
        return global;
    }
}
