package org.ditjava.diffusion;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one place where mode enums are parsed from names: a mode matches its Java constant name or the
 * name the reference code uses for it (facebookresearch/DiT {@code diffusion/gaussian_diffusion.py}),
 * case-insensitively and ignoring surrounding blanks.
 */
final class ModeNames {

    private ModeNames() {
    }

    static <E extends Enum<E>> E parse(Class<E> type, String name, Function<E, String> referenceName) {
        Objects.requireNonNull(name, () -> type.getSimpleName() + " name must not be null");
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        for (E mode : type.getEnumConstants()) {
            if (mode.name().toLowerCase(Locale.ROOT).equals(wanted)
                    || referenceName.apply(mode).toLowerCase(Locale.ROOT).equals(wanted)) {
                return mode;
            }
        }
        String known = Arrays.stream(type.getEnumConstants())
                .map(m -> m.name() + "/" + referenceName.apply(m))
                .collect(Collectors.joining(", "));
        throw new IllegalArgumentException("unknown " + type.getSimpleName() + " '" + name + "'; expected one of "
                + known);
    }
}
