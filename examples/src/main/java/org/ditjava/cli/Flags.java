package org.ditjava.cli;

import java.util.function.Supplier;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/** Turns a flag value that a parser rejects into a usage error (exit 2) that names the flag. */
final class Flags {

    private Flags() {
    }

    /**
     * Runs {@code parser}; an {@link IllegalArgumentException} from it becomes a {@link ParameterException}
     * reading {@code "FLAG: message"}, so picocli prints it with the usage hint and exits 2.
     *
     * @param spec   the command whose flag is parsed
     * @param flag   the flag (or setting) to name in the message, e.g. {@code "--model"}
     * @param parser builds the value from the flag
     * @param <T>    the parsed type
     * @return what {@code parser} returned
     */
    static <T> T parse(CommandSpec spec, String flag, Supplier<T> parser) {
        try {
            return parser.get();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), flag + ": " + e.getMessage());
        }
    }
}
