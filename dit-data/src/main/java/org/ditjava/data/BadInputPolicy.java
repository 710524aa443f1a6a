package org.ditjava.data;

import java.util.Locale;

/** What to do with a file or folder that cannot be used. */
public enum BadInputPolicy {
    /** Stop with a {@link BadInputException} naming the file and the reason (the default). */
    FAIL,
    /** Leave it out, log it once, count it, and report the count at the end. */
    SKIP;

    /** Parses {@code fail} / {@code skip} (any case). */
    public static BadInputPolicy parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("bad-input policy must be fail or skip, got '" + name + "'", e);
        }
    }
}
