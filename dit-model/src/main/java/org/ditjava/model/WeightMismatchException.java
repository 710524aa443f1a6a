package org.ditjava.model;

import java.util.ArrayList;
import java.util.List;

/**
 * Weights that do not fit a model: every missing, unexpected and mis-shaped tensor, by name and
 * shape, in one message.
 */
public final class WeightMismatchException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final List<String> missing;
    private final List<String> unexpected;
    private final List<String> misshaped;

    public WeightMismatchException(String source, DiTConfig config, List<String> missing,
                                   List<String> unexpected, List<String> misshaped) {
        super(describe(source, config, missing, unexpected, misshaped));
        this.missing = List.copyOf(missing);
        this.unexpected = List.copyOf(unexpected);
        this.misshaped = List.copyOf(misshaped);
    }

    /** {@code "name (shape)"} for each tensor the model needs but the weights lack. */
    public List<String> missing() {
        return missing;
    }

    /** {@code "name (shape)"} for each tensor the weights hold but the model does not have. */
    public List<String> unexpected() {
        return unexpected;
    }

    /** {@code "name: (found), expected (shape)"} for each tensor present with the wrong shape. */
    public List<String> misshaped() {
        return misshaped;
    }

    private static String describe(String source, DiTConfig config, List<String> missing,
                                   List<String> unexpected, List<String> misshaped) {
        List<String> parts = new ArrayList<>();
        if (!missing.isEmpty()) {
            parts.add(missing.size() + " missing: " + String.join(", ", missing));
        }
        if (!unexpected.isEmpty()) {
            parts.add(unexpected.size() + " unexpected: " + String.join(", ", unexpected));
        }
        if (!misshaped.isEmpty()) {
            parts.add(misshaped.size() + " mis-shaped: " + String.join(", ", misshaped));
        }
        return source + " does not fit " + config + ": " + String.join("; ", parts);
    }
}
