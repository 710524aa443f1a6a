package org.ditjava.train;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The exclusive lock of a run folder: an OS file lock ({@link FileChannel#tryLock()}, {@code fcntl}
 * on Linux) on {@code RUN/.lock}, held while one process trains, resumes or samples into the run.
 * The operating system releases it when the process ends in any way, a {@code kill -9} included, so
 * a lock is never stale; the file itself stays and only records, for the error message, which
 * process last held it. A second holder, in another process or in the same one, is refused with
 * {@link RunLockedException}.
 */
public final class RunLock implements AutoCloseable {
    /** The lock file inside the run folder. */
    public static final String FILE = ".lock";

    /** Lock files held by this process, by real path (a JVM cannot hold two locks on one file). */
    private static final Map<Path, String> HELD = new ConcurrentHashMap<>();

    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private RunLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the lock of run folder {@code run} (which must exist) for {@code purpose} (e.g.
     * "training"), or fails at once when another holder has it.
     *
     * @throws RunLockedException when another process (or another user in this one) holds it
     * @throws IOException        when the lock file cannot be created
     */
    public static RunLock acquire(Path run, String purpose) throws IOException {
        Path file = run.toRealPath().resolve(FILE);
        if (HELD.putIfAbsent(file, purpose) != null) {
            // never open a second descriptor: closing it would drop this process's POSIX lock
            throw new RunLockedException(run, "this process, " + HELD.get(file));
        }
        try {
            return open(run, file, purpose);
        } catch (IOException | RuntimeException e) {
            HELD.remove(file);
            throw e;
        }
    }

    private static RunLock open(Path run, Path file, String purpose) throws IOException {
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new IOException("cannot create the lock file " + file + " (" + e.getMessage() + ")", e);
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null;   // this JVM holds it already
        } catch (IOException e) {
            ch.close();
            throw new IOException("cannot lock " + file + " (" + e.getMessage() + ")", e);
        }
        if (lock == null) {
            String holder = holder(ch);
            ch.close();
            throw new RunLockedException(run, holder);
        }
        RunLock held = new RunLock(file, ch, lock);
        held.record(purpose);
        return held;
    }

    /** The lock file. */
    public Path file() {
        return file;
    }

    /** Writes who holds the lock into the file (a hint for the message of a refused second holder). */
    private void record(String purpose) throws IOException {
        String text = "pid " + ProcessHandle.current().pid() + ", " + purpose + ", since " + Instant.now() + "\n";
        channel.truncate(0);
        channel.write(ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)), 0);
    }

    private static String holder(FileChannel ch) {
        try {
            ByteBuffer buf = ByteBuffer.allocate(256);
            int n = ch.read(buf, 0);
            return n <= 0 ? "" : new String(buf.array(), 0, n, StandardCharsets.UTF_8).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /** Releases the lock (the file stays). */
    @Override
    public void close() throws IOException {
        try {
            if (lock.isValid()) {
                lock.release();
            }
        } finally {
            channel.close();
            HELD.remove(file);
        }
    }
}
