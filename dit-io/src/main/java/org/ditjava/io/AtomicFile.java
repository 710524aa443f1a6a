package org.ditjava.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A file written under a temporary name beside its target and moved into place only on
 * {@link #commit()}: readers never see a half-written file, and a crash or an exception before the
 * commit leaves the previous file untouched. {@link #close()} without a commit deletes the
 * temporary file.
 */
public final class AtomicFile implements Closeable {
    private final Path target;
    private final Path temp;
    private boolean committed;

    private AtomicFile(Path target, Path temp) {
        this.target = target;
        this.temp = temp;
    }

    /** Starts writing {@code target}; its directory must exist and be writable. */
    public static AtomicFile create(Path target) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        if (dir == null || !Files.isDirectory(dir)) {
            throw new IOException(target + ": the directory " + dir + " does not exist");
        }
        if (Files.isDirectory(abs)) {
            throw new IOException(target + ": is a directory");
        }
        String name = "." + abs.getFileName() + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong());
        Path temp = dir.resolve(name);
        try {
            Files.createFile(temp);
        } catch (IOException e) {
            throw new IOException(target + ": cannot write in " + dir + " (" + e + ")", e);
        }
        return new AtomicFile(abs, temp);
    }

    /** The temporary path being written. */
    public Path tempPath() {
        return temp;
    }

    /** Flushes the temporary file to disk and renames it over the target. */
    public void commit() throws IOException {
        if (committed) {
            return;
        }
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        committed = true;
    }

    /** Deletes the temporary file unless {@link #commit()} succeeded. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            Files.deleteIfExists(temp);
        }
    }
}
