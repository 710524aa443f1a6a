package org.ditjava.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checkpoints of one run: {@code RUN/checkpoints/step-NNNNNNNN/} folders, the last
 * {@code keepLast} kept, and {@code RUN/latest} — a symbolic link to the newest (a one-line pointer
 * file where links are not supported), replaced atomically. Reading picks the newest checkpoint that
 * verifies, and says which damaged ones it passed over.
 */
public final class CheckpointStore {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointStore.class);
    private static final Pattern NAME = Pattern.compile("step-(\\d{8,})");
    public static final String LATEST = "latest";
    public static final String DIR = "checkpoints";
    /** Where damaged checkpoints and stray copies are set aside ({@code RUN/damaged/}). */
    public static final String DAMAGED = "damaged";

    private final Path run;

    public CheckpointStore(Path run) {
        this.run = run;
    }

    /** The folder holding the checkpoint folders. */
    public Path dir() {
        return run.resolve(DIR);
    }

    /** The folder name of step {@code step}. */
    public static String nameOf(long step) {
        return String.format(Locale.ROOT, "step-%08d", step);
    }

    /** Finished checkpoint folders, oldest step first (temporary folders of unfinished writes are not listed). */
    public List<Path> list() throws IOException {
        List<Path> out = new ArrayList<>();
        if (!Files.isDirectory(dir())) {
            return out;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir())) {
            for (Path p : ds) {
                if (NAME.matcher(p.getFileName().toString()).matches() && Files.isDirectory(p)) {
                    out.add(p);
                }
            }
        }
        out.sort(Comparator.comparingLong(CheckpointStore::stepOf));
        return out;
    }

    /** Writes a checkpoint, points {@code latest} at it and deletes all but the newest {@code keepLast}. */
    public Path save(TrainState state, Checkpoint.RecordFields fields, int keepLast) throws IOException {
        Files.createDirectories(dir());
        Path target = dir().resolve(nameOf(state.step()));
        if (Files.exists(target)) {
            Checkpoint.deleteRecursively(target);   // an older run's folder for this step (e.g. a resumed, diverged run)
        }
        Checkpoint.write(target, state, fields);
        pointLatest(target);
        prune(keepLast);
        return target;
    }

    /** Removes temporary folders (and {@code latest} links) left by writes that a crash interrupted. */
    public void removeUnfinished() throws IOException {
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(run, "." + LATEST + ".tmp-*")) {
            for (Path p : ds) {
                Files.deleteIfExists(p);
            }
        }
        if (!Files.isDirectory(dir())) {
            return;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir(), ".step-*.tmp-*")) {
            for (Path p : ds) {
                LOG.info("removing {} (a checkpoint write that did not finish)", p.getFileName());
                Checkpoint.deleteRecursively(p);
            }
        }
    }

    /** The newest checkpoint that verifies; damaged ones are reported and skipped. */
    public Optional<Verified> newestValid() throws IOException {
        return newestValid(Long.MAX_VALUE, Checkpoint.DATA_FILES);
    }

    /**
     * The newest checkpoint that verifies in full, and every damaged checkpoint newer than it (all of
     * them when none verifies), newest first, each with its reason.
     */
    public Survey survey() throws IOException {
        List<Path> all = list();
        List<DamagedCheckpointException> damaged = new ArrayList<>();
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                return new Survey(Optional.of(new Verified(all.get(i), Checkpoint.verify(all.get(i)))), damaged);
            } catch (DamagedCheckpointException e) {
                damaged.add(e);
            }
        }
        return new Survey(Optional.empty(), damaged);
    }

    /**
     * Moves damaged checkpoint folders out of {@code checkpoints/} into {@code RUN/damaged/}, so that a
     * resumed run neither counts them among the kept checkpoints nor deletes them.
     */
    public void setAside(List<DamagedCheckpointException> damaged) throws IOException {
        if (damaged.isEmpty()) {
            return;
        }
        Path aside = run.resolve(DAMAGED);
        Files.createDirectories(aside);
        for (DamagedCheckpointException d : damaged) {
            Path from = d.checkpoint();
            Path to = aside.resolve(from.getFileName());
            for (int i = 2; Files.exists(to, LinkOption.NOFOLLOW_LINKS); i++) {
                to = aside.resolve(from.getFileName() + "-" + i);
            }
            Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
            LOG.warn("{}; moved to {}", d.getMessage(), to);
        }
        Checkpoint.syncDirectory(dir());
    }

    /**
     * Makes {@code RUN/latest} point at {@code newest} whatever it is now: a link (to another folder,
     * or dangling), a one-line pointer file, missing, or a real folder that a copy such as
     * {@code cp -rL}, {@code scp -r} or {@code rsync -L} made of the linked checkpoint (adopted as that
     * checkpoint when the run lacks it, else set aside).
     */
    public void repairLatest(Path newest) throws IOException {
        Path latest = run.resolve(LATEST);
        adoptLatestCopy();
        if (Files.exists(latest, LinkOption.NOFOLLOW_LINKS) && Files.exists(latest)
                && isSameFile(followPointer(latest), newest)) {
            return;
        }
        LOG.info("pointing {} at {}", latest, newest.getFileName());
        pointLatest(newest);
    }

    /**
     * A real folder at {@code RUN/latest} (a copy that followed the link): becomes
     * {@code checkpoints/step-N} when that checkpoint is missing or damaged there and the copy
     * verifies; is removed when it is an identical copy of a valid one; otherwise moved into
     * {@code RUN/damaged/}.
     */
    public void adoptLatestCopy() throws IOException {
        Path latest = run.resolve(LATEST);
        if (!Files.isDirectory(latest, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        CheckpointRecord copy;
        try {
            copy = Checkpoint.verify(latest);
        } catch (DamagedCheckpointException e) {
            setAside(List.of(e));
            return;
        }
        Path own = dir().resolve(nameOf(copy.step()));
        CheckpointRecord ownRecord = verifiedOrNull(own);
        if (ownRecord != null && ownRecord.files().equals(copy.files())) {
            LOG.info("{} is a copy of {} (the run was copied following links); removing the copy", latest, own);
            Checkpoint.deleteRecursively(latest);
            return;
        }
        if (ownRecord != null) {
            setAside(List.of(new DamagedCheckpointException(latest, "a folder copy that differs from " + own)));
            return;
        }
        if (Files.exists(own)) {
            setAside(List.of(new DamagedCheckpointException(own, "a valid copy of it was found at " + latest)));
        }
        Files.createDirectories(dir());
        Files.move(latest, own, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("{} was a folder copy of checkpoint step {}; moved to {}", latest, copy.step(), own);
        Checkpoint.syncDirectory(run);
    }

    private static CheckpointRecord verifiedOrNull(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return null;
        }
        try {
            return Checkpoint.verify(dir);
        } catch (DamagedCheckpointException e) {
            return null;
        }
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * The newest checkpoint before step {@code belowStep} whose record and {@code files} verify; damaged
     * ones are reported and skipped.
     */
    private Optional<Verified> newestValid(long belowStep, Collection<String> files) throws IOException {
        List<Path> older = list().stream().filter(q -> stepOf(q) < belowStep).toList();
        for (int i = older.size() - 1; i >= 0; i--) {
            try {
                return Optional.of(new Verified(older.get(i), Checkpoint.verify(older.get(i), files)));
            } catch (DamagedCheckpointException e) {
                LOG.warn("{}; {}", e.getMessage(), i > 0 ? "using the previous checkpoint" : "no older checkpoint");
            }
        }
        return Optional.empty();
    }

    /**
     * A checkpoint from what a user typed: a checkpoint folder, {@code RUN/latest}, or a run folder.
     * A damaged checkpoint is refused with its reason, and the newest older valid one of the same run
     * is used instead; an error when there is none.
     */
    public static Verified resolve(Path path) throws IOException {
        return resolve(path, Checkpoint.DATA_FILES);
    }

    /**
     * Like {@link #resolve(Path)}, but checks only the record and {@code files} of each checkpoint (see
     * {@link Checkpoint#verify(Path, Collection)}): for a reader such as sampling, which needs only the
     * weights it loads, so a damaged optimizer state neither stops it nor costs reading gigabytes.
     *
     * @param path  a checkpoint folder, {@code RUN/latest} or a run folder
     * @param files the data files the caller reads, e.g. {@link Checkpoint#EMA}
     * @return the checkpoint to read
     * @throws IOException when there is no usable checkpoint
     */
    public static Verified resolve(Path path, Collection<String> files) throws IOException {
        Path p = followPointer(path);
        if (Files.isDirectory(p.resolve(DIR))) {
            return new CheckpointStore(p).newestValid(Long.MAX_VALUE, files).orElseThrow(() ->
                    new IOException(path + ": the run has no usable checkpoint"));
        }
        if (!Files.isDirectory(p)) {
            throw new IOException(path + ": no such checkpoint folder (give RUN, RUN/latest or RUN/checkpoints/step-N)");
        }
        try {
            return new Verified(p, Checkpoint.verify(p, files));
        } catch (DamagedCheckpointException e) {
            Path parent = p.toAbsolutePath().getParent();
            if (parent == null || !parent.getFileName().toString().equals(DIR)) {
                throw e;
            }
            LOG.warn("{}; looking for an older checkpoint of the run", e.getMessage());
            Verified v = new CheckpointStore(parent.getParent()).newestValid(stepOf(p), files).orElseThrow(() ->
                    new IOException(e.getMessage() + ", and the run has no older valid checkpoint", e));
            LOG.warn("using {} instead", v.dir());
            return v;
        }
    }

    /**
     * The folder whose contents reading {@code path} (as {@link #resolve(Path)} takes it) may use:
     * a checkpoint folder itself, or a run's {@code checkpoints/} folder; an output must lie outside it.
     */
    public static Path checkpointFolder(Path path) {
        try {
            Path p = followPointer(path);
            return Files.isDirectory(p.resolve(DIR)) ? p.resolve(DIR) : p;
        } catch (IOException e) {
            return path;
        }
    }

    /** {@code latest} → the folder it names (a link is followed; a pointer file is read). */
    private static Path followPointer(Path path) throws IOException {
        if (Files.isSymbolicLink(path)) {
            return path.resolveSibling(Files.readSymbolicLink(path));
        }
        if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS) && path.getFileName().toString().equals(LATEST)) {
            String name = Files.readString(path, StandardCharsets.UTF_8).trim();
            return path.resolveSibling(name);
        }
        return path;
    }

    private void pointLatest(Path target) throws IOException {
        Path latest = run.resolve(LATEST);
        adoptLatestCopy();   // a rename cannot replace a real folder
        Path relative = run.relativize(target);
        Path tmp = run.resolve("." + LATEST + ".tmp-" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try {
                Files.createSymbolicLink(tmp, relative);
            } catch (UnsupportedOperationException | IOException e) {
                Files.writeString(tmp, relative.toString() + "\n", StandardCharsets.UTF_8);
            }
            Files.move(tmp, latest, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
        Checkpoint.syncDirectory(run);
    }

    private void prune(int keepLast) throws IOException {
        List<Path> all = list();
        for (int i = 0; i < all.size() - keepLast; i++) {
            Checkpoint.deleteRecursively(all.get(i));
        }
    }

    /** The step of a {@code step-N} folder. */
    static long stepOf(Path p) {
        Matcher m = NAME.matcher(p.getFileName().toString());
        if (!m.matches()) {
            throw new IllegalArgumentException(p + " is not a step-N checkpoint folder");
        }
        return Long.parseLong(m.group(1));
    }

    /** What {@link #survey()} found: the checkpoint to resume from, and the damaged ones newer than it. */
    public record Survey(Optional<Verified> newest, List<DamagedCheckpointException> damaged) {
    }

    /** A checkpoint folder that passed {@link Checkpoint#verify(Path, Collection)}. */
    public record Verified(Path dir, CheckpointRecord record) {
    }
}
