package org.ditjava.train;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ditjava.model.DiTCost;
import org.ditjava.model.DiTConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The output folder of one training run:
 * <pre>
 *   RUN/config.json             the resolved {@link TrainConfig}
 *   RUN/train.log               the log (written by the command line's logger)
 *   RUN/metrics.csv             one {@link MetricsRow} per log interval
 *   RUN/loss.png                the loss curve
 *   RUN/samples/step-N.png      preview grids
 *   RUN/checkpoints/step-N/     checkpoints ({@link Checkpoint})
 *   RUN/latest                  → the newest checkpoint
 *   RUN/.lock                   the {@link RunLock} file
 *   RUN/restarted-TIME/         an old run set aside by {@link #restart(Path, TrainConfig)}
 *   RUN/damaged/                damaged checkpoints set aside on resume
 * </pre>
 * Creating one checks, before any training, that the folder is writable and that its disk has room
 * for the checkpoints that will be kept. An open run folder holds its {@link RunLock} ({@code RUN/.lock})
 * until {@link #close()}: no second process can train, resume or sample into it meanwhile.
 */
public final class RunFolder implements AutoCloseable {
    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics.csv";
    public static final String LOSS_PLOT = "loss.png";
    public static final String SAMPLES = "samples";
    public static final String LOG = "train.log";
    /** Bytes beyond the tensors a checkpoint takes (headers, record), generously. */
    private static final long CHECKPOINT_OVERHEAD = 1 << 20;

    /** Folder-name prefix of an old run moved aside by {@link #restart(Path, TrainConfig)}. */
    public static final String RESTARTED = "restarted";
    private static final Logger LOGGER = LoggerFactory.getLogger(RunFolder.class);

    private final Path root;
    private final RunLock lock;

    private RunFolder(Path root, RunLock lock) {
        this.root = root;
        this.lock = lock;
    }

    /**
     * Creates a new run folder for {@code config} and takes its {@link RunLock}. A folder that holds a
     * run with checkpoints is refused; one whose earlier start stopped before its first checkpoint
     * (only a configuration and logs) is reused, its configuration replaced.
     */
    public static RunFolder create(Path root, TrainConfig config) throws IOException {
        RunFolder run = lock(root, "training a new run");
        try {
            if (Files.exists(root.resolve(CONFIG))) {
                List<Path> ckpts = run.checkpoints().list();
                if (!ckpts.isEmpty()) {
                    throw new IOException(root + " already holds a run with " + ckpts.size() + " checkpoint(s) (newest "
                            + ckpts.get(ckpts.size() - 1).getFileName() + "); continue it, or start over on purpose "
                            + "(its files are then kept aside in " + RESTARTED + "-<time>/)");
                }
                LOGGER.info("reusing {}: it holds no checkpoint (an earlier start stopped before its first one)", root);
            }
            run.prepare(config);
            return run;
        } catch (IOException | RuntimeException e) {
            run.close();
            throw e;
        }
    }

    /**
     * Starts run folder {@code root} over on purpose: every file of the old run is moved, not
     * deleted, into {@code root/restarted-<time>/}, then the folder is created as by
     * {@link #create(Path, TrainConfig)}.
     */
    public static RunFolder restart(Path root, TrainConfig config) throws IOException {
        RunFolder run = lock(root, "restarting the run");
        try {
            Path aside = run.moveAside();
            if (aside != null) {
                LOGGER.warn("starting {} over: the old run's files are in {}", root, aside);
            }
            run.prepare(config);
            return run;
        } catch (IOException | RuntimeException e) {
            run.close();
            throw e;
        }
    }

    /** An existing run folder (for resuming), locked; it must hold a {@code config.json}. */
    public static RunFolder open(Path root) throws IOException {
        if (!Files.isRegularFile(root.resolve(CONFIG))) {
            throw new IOException(root + " is not a run folder (no " + CONFIG + ")");
        }
        RunFolder run = lock(root, "resuming the run");
        try {
            Files.createDirectories(root.resolve(SAMPLES));
            run.checkWritable();
            return run;
        } catch (IOException | RuntimeException e) {
            run.close();
            throw e;
        }
    }

    /** Whether {@code root} is a run folder with at least one finished checkpoint folder (valid or not). */
    public static boolean hasCheckpoints(Path root) throws IOException {
        return Files.isRegularFile(root.resolve(CONFIG)) && !new CheckpointStore(root).list().isEmpty();
    }

    /**
     * The run folder that {@code path} lies in (a folder holding a {@code config.json} and a
     * {@code checkpoints/} folder or {@code train.log}), searching from {@code path} upward.
     */
    public static Optional<Path> enclosing(Path path) {
        for (Path p = path.toAbsolutePath().normalize(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve(CONFIG))
                    && (Files.isDirectory(p.resolve(CheckpointStore.DIR)) || Files.isRegularFile(p.resolve(LOG)))) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Creates {@code root} if needed and takes its lock. */
    private static RunFolder lock(Path root, String purpose) throws IOException {
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IOException("the run folder " + root + " is a file, not a folder");
        }
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new IOException("cannot create the run folder " + root + " (" + e.getMessage() + ")", e);
        }
        return new RunFolder(root, RunLock.acquire(root, purpose));
    }

    /** Replaces the stored configuration (a run without checkpoints started again with other settings). */
    void writeConfig(TrainConfig config) throws IOException {
        Json.write(root.resolve(CONFIG), config);
    }

    /** Checks writability and space and writes the configuration. */
    private void prepare(TrainConfig config) throws IOException {
        Files.createDirectories(root.resolve(SAMPLES));
        checkWritable();
        checkSpace(config, config.keepLast() + 1);
        Json.write(root.resolve(CONFIG), config);
    }

    /** Moves everything but the lock and earlier restarts into a new {@code restarted-<time>/}; null when empty. */
    private Path moveAside() throws IOException {
        List<Path> entries = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(root)) {
            for (Path p : ds) {
                String name = p.getFileName().toString();
                if (!name.equals(RunLock.FILE) && !name.startsWith(RESTARTED + "-")) {
                    entries.add(p);
                }
            }
        }
        if (entries.isEmpty()) {
            return null;
        }
        String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT).withZone(ZoneOffset.UTC).format(Instant.now());
        Path aside = root.resolve(RESTARTED + "-" + stamp);
        for (int i = 2; Files.exists(aside); i++) {
            aside = root.resolve(RESTARTED + "-" + stamp + "-" + i);
        }
        Files.createDirectory(aside);
        for (Path p : entries) {
            Files.move(p, aside.resolve(p.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        Checkpoint.syncDirectory(root);
        return aside;
    }

    public Path root() {
        return root;
    }

    public Path metrics() {
        return root.resolve(METRICS);
    }

    public Path lossPlot() {
        return root.resolve(LOSS_PLOT);
    }

    public Path log() {
        return root.resolve(LOG);
    }

    /** The preview grid of step {@code step}. */
    public Path sampleGrid(long step) {
        return root.resolve(SAMPLES).resolve(String.format(Locale.ROOT, "step-%08d.png", step));
    }

    public CheckpointStore checkpoints() {
        return new CheckpointStore(root);
    }

    /** The configuration stored in run folder {@code root} (read without taking its lock). */
    public static TrainConfig storedConfig(Path root) throws IOException {
        return Json.read(root.resolve(CONFIG), TrainConfig.class);
    }

    /** The stored configuration. */
    public TrainConfig config() throws IOException {
        return Json.read(root.resolve(CONFIG), TrainConfig.class);
    }

    /** Fails unless a file can be created, written and deleted in the folder. */
    public void checkWritable() throws IOException {
        Path probe = root.resolve(".write-test-" + ProcessHandle.current().pid());
        try {
            Files.writeString(probe, "ok");
        } catch (IOException e) {
            throw new IOException("the run folder " + root + " is not writable (" + e.getMessage() + ")", e);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** Fails unless the disk has room for {@code count} checkpoints of {@code config}'s model. */
    public void checkSpace(TrainConfig config, int count) throws IOException {
        long need = checkpointBytes(config.model()) * count;
        FileStore store = Files.getFileStore(root);
        long free = store.getUsableSpace();
        if (free < need) {
            throw new IOException(String.format(Locale.ROOT, "not enough disk space in %s: %s free, but %d checkpoint(s) "
                    + "of %s need about %s (lower --keep or free space)", root, human(free), count,
                    config.model().modelName(), human(need)));
        }
    }

    /** Approximate size of one checkpoint: weights, EMA and two Adam moments in float32. */
    public static long checkpointBytes(DiTConfig model) {
        DiTCost cost = DiTCost.of(model);
        return 4L * (2 * cost.params() + 2 * cost.trainableParams()) + CHECKPOINT_OVERHEAD;
    }

    /** Releases the run's lock. */
    @Override
    public void close() throws IOException {
        lock.close();
    }

    static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
    }
}
