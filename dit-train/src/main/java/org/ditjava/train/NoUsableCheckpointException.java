package org.ditjava.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A run to resume whose checkpoints are all damaged: resuming is refused rather than silently
 * started again from step 0 (which would overwrite the metrics and later prune the checkpoints). The
 * message names each checkpoint and why it cannot be used.
 */
public final class NoUsableCheckpointException extends IOException {
    private static final long serialVersionUID = 1L;
    private final Path run;
    private final List<DamagedCheckpointException> damaged;

    public NoUsableCheckpointException(Path run, List<DamagedCheckpointException> damaged) {
        super(message(run, damaged));
        this.run = run;
        this.damaged = List.copyOf(damaged);
    }

    private static String message(Path run, List<DamagedCheckpointException> damaged) {
        StringBuilder sb = new StringBuilder(run + " has no usable checkpoint; nothing was changed. Its "
                + damaged.size() + " checkpoint(s):");
        for (DamagedCheckpointException d : damaged) {
            sb.append("\n  ").append(d.getMessage());
        }
        return sb.toString();
    }

    /** The run folder. */
    public Path run() {
        return run;
    }

    /** Each checkpoint and its problem, newest first. */
    public List<DamagedCheckpointException> damaged() {
        return damaged;
    }
}
