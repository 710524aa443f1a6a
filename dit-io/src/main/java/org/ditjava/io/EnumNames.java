package org.ditjava.io;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one place where the project's mode enums (presets, block types, samplers, data kinds, policies,
 * schedules, ...) are parsed from the names users type: a constant matches its own name or its given
 * name, ignoring case, surrounding blanks and the difference between {@code _} and {@code -}; anything
 * else fails with the accepted names listed.
 */
public final class EnumNames {

    private EnumNames() {
    }

    /**
     * The constant of {@code type} named {@code input}.
     *
     * @param name how the constant is written on command lines and in files ({@code fmnist-quick})
     * @param what what the value is, for the error ("preset": "unknown preset 'x'; expected one of ...")
     */
    public static <E extends Enum<E>> E parse(Class<E> type, String input, Function<E, String> name, String what) {
        return find(type, input, name, what, name);
    }

    /**
     * {@link #parse} for library modes whose users write either the reference code's name or the Java
     * constant: the error lists both ({@code mse/MSE, rescaled_kl/RESCALED_KL}).
     */
    public static <E extends Enum<E>> E parseEither(Class<E> type, String input, Function<E, String> name, String what) {
        return find(type, input, name, what, e -> name.apply(e) + "/" + e.name());
    }

    private static <E extends Enum<E>> E find(Class<E> type, String input, Function<E, String> name, String what,
                                              Function<E, String> listed) {
        Objects.requireNonNull(input, () -> what + " must not be null");
        String wanted = normal(input);
        for (E e : type.getEnumConstants()) {
            if (normal(name.apply(e)).equals(wanted) || normal(e.name()).equals(wanted)) {
                return e;
            }
        }
        throw new IllegalArgumentException("unknown " + what + " '" + input + "'; expected one of "
                + Arrays.stream(type.getEnumConstants()).map(listed).collect(Collectors.joining(", ")));
    }

    private static String normal(String s) {
        return s.trim().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
