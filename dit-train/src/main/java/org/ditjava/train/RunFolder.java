package org.ditjava.train;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.ditjava.model.DiTCost;
import org.ditjava.model.DiTConfig;

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
 * </pre>
 * Creating one checks, before any training, that the folder is writable and that its disk has room
 * for the checkpoints that will be kept.
 */
public final class RunFolder {
    public static final String CONFIG = "config.json";
    public static final String METRICS = "metrics.csv";
    public static final String LOSS_PLOT = "loss.png";
    public static final String SAMPLES = "samples";
    public static final String LOG = "train.log";
    /** Bytes beyond the tensors a checkpoint takes (headers, record), generously. */
    private static final long CHECKPOINT_OVERHEAD = 1 << 20;

    private final Path root;

    private RunFolder(Path root) {
        this.root = root;
    }

    /** Creates a new run folder for {@code config}; refuses a folder that already holds a run. */
    public static RunFolder create(Path root, TrainConfig config) throws IOException {
        if (Files.exists(root.resolve(CONFIG))) {
            throw new IOException(root + " already holds a run; resume it with --resume " + root
                    + " or choose another --out");
        }
        if (Files.exists(root) && !Files.isDirectory(root)) {
            throw new IOException("--out " + root + " is a file, not a folder");
        }
        try {
            Files.createDirectories(root.resolve(SAMPLES));
        } catch (IOException e) {
            throw new IOException("cannot create the run folder " + root + " (" + e.getMessage() + ")", e);
        }
        RunFolder run = new RunFolder(root);
        run.checkWritable();
        run.checkSpace(config, config.keepLast() + 1);
        Json.write(root.resolve(CONFIG), config);
        return run;
    }

    /** An existing run folder (for resuming); it must hold a {@code config.json}. */
    public static RunFolder open(Path root) throws IOException {
        if (!Files.isRegularFile(root.resolve(CONFIG))) {
            throw new IOException(root + " is not a run folder (no " + CONFIG + ")");
        }
        RunFolder run = new RunFolder(root);
        Files.createDirectories(root.resolve(SAMPLES));
        run.checkWritable();
        return run;
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

    static String human(long bytes) {
        if (bytes >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.1f MB", bytes / (double) (1L << 20));
    }
}
