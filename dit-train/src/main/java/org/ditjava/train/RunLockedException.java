package org.ditjava.train;

import java.io.IOException;
import java.nio.file.Path;

/** A run folder whose {@link RunLock} another process (or another user in this one) holds. */
public final class RunLockedException extends IOException {
    private static final long serialVersionUID = 1L;
    private final Path run;

    public RunLockedException(Path run, String holder) {
        super("the run folder " + run + " is in use by another process" + (holder.isEmpty() ? "" : " (" + holder + ")")
                + "; wait for it to finish or stop it, then try again");
        this.run = run;
    }

    /** The locked run folder. */
    public Path run() {
        return run;
    }
}
