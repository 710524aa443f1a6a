package org.ditjava.data;

import java.nio.file.Path;
import java.util.Objects;

/** One image of a folder dataset: its file and its class index. */
public record Sample(Path file, int label) {

    public Sample {
        Objects.requireNonNull(file, "file");
        if (label < 0) {
            throw new IllegalArgumentException("label must be >= 0, got " + label + " for " + file);
        }
    }
}
