package org.ditjava.onnx;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ditjava.io.AtomicFile;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * SameDiff's own FlatBuffers format, written atomically and read with errors that name the file
 * (M2.1 reports a truncated file as a bare IndexOutOfBoundsException). The format is capped at 2 GB.
 */
public final class SameDiffFiles {
    private SameDiffFiles() {
    }

    /** Saves {@code sd} (no updater state) to {@code file}, replacing it only once complete. */
    public static void save(SameDiff sd, Path file) throws IOException {
        try (AtomicFile out = AtomicFile.create(file)) {
            try {
                sd.save(out.tempPath().toFile(), false);
            } catch (RuntimeException e) {
                throw new IOException(file + ": cannot save the SameDiff graph (the format is limited to 2 GB): " + e.getMessage(), e);
            }
            out.commit();
        }
    }

    /** Loads a graph saved by {@link #save}; a missing, truncated or corrupt file fails naming it. */
    public static SameDiff load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such SameDiff graph file");
        }
        try {
            return SameDiff.load(file.toFile(), false);
        } catch (RuntimeException | StackOverflowError e) {
            throw new IOException(file + ": not a readable SameDiff graph (truncated or corrupt file?): " + e, e);
        }
    }
}
