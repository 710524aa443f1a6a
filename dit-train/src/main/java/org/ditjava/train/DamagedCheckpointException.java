package org.ditjava.train;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint folder that is incomplete, truncated or corrupted; the message says which file and how. */
public final class DamagedCheckpointException extends IOException {
    private static final long serialVersionUID = 1L;
    private final Path checkpoint;

    public DamagedCheckpointException(Path checkpoint, String problem) {
        super("checkpoint " + checkpoint + " is damaged: " + problem);
        this.checkpoint = checkpoint;
    }

    public Path checkpoint() {
        return checkpoint;
    }
}
