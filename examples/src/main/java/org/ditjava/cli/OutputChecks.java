package org.ditjava.cli;

import java.nio.file.Path;
import org.ditjava.io.OutputPaths;
import picocli.CommandLine.Model.CommandSpec;

/** dit-io's {@link OutputPaths} checks as usage errors (exit 2) naming the output flag, made before any work. */
final class OutputChecks {
    private OutputChecks() {
    }

    /**
     * Fails unless {@code out} (given with {@code flag}; null: not given) has an existing folder and
     * is none of {@code inputs} (pairs of a path and what it is, e.g. {@code "the weights"}).
     */
    static void require(CommandSpec spec, String flag, Path out, Object... inputs) {
        if (out == null) {
            return;
        }
        Flags.parse(spec, flag, () -> {
            OutputPaths.requireWritable(out);
            for (int i = 0; i < inputs.length; i += 2) {
                if (inputs[i] != null) {
                    OutputPaths.requireNotInput(out, (Path) inputs[i], (String) inputs[i + 1]);
                }
            }
            return out;
        });
    }

    /** Fails when {@code out} is the folder {@code folder} or lies inside it. */
    static void requireOutside(CommandSpec spec, String flag, Path out, Path folder, String what) {
        Flags.parse(spec, flag, () -> {
            OutputPaths.requireOutside(out, folder, what);
            return out;
        });
    }
}
