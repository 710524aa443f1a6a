package org.ditjava.data;

import java.util.Locale;
import org.ditjava.io.EnumNames;

/** What to do with a file or folder that cannot be used. */
public enum BadInputPolicy {
    /** Stop with a {@link BadInputException} naming the file and the reason (the default). */
    FAIL,
    /** Leave it out, log it once, count it, and report the count at the end. */
    SKIP;

    /** Parses {@code fail} / {@code skip} (any case). */
    public static BadInputPolicy parse(String name) {
        return EnumNames.parse(BadInputPolicy.class, name, p -> p.name().toLowerCase(Locale.ROOT), "bad-input policy");
    }
}
