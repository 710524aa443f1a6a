package org.ditjava.train;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import java.util.zip.CRC32C;
import org.ditjava.io.SafetensorsReader;
import org.ditjava.io.SafetensorsWriter;
import org.ditjava.model.DiTConfig;
import org.ditjava.model.DiTWeights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One checkpoint folder ({@code checkpoints/step-00001000/}):
 * <ul>
 *   <li>{@code model.safetensors} — the weights, official {@code state_dict} names plus {@code cfg.*} keys
 *       (loads with {@code DiTModel.load} and {@code dit forward});</li>
 *   <li>{@code ema.safetensors} — the EMA weights, same layout (what {@code dit sample} uses);</li>
 *   <li>{@code optimizer.safetensors} — Adam's moments {@code adam.m.<name>}, {@code adam.v.<name>};</li>
 *   <li>{@code checkpoint.json} — the {@link CheckpointRecord}, with each file's size and CRC-32C.</li>
 * </ul>
 * The folder is written under a temporary name, every file flushed to disk, the record last, then
 * renamed into place in one atomic step: a crash mid-write leaves only a temporary folder, which is
 * ignored (and removed by the next run). The official train.py saves one {@code torch.save} file;
 * safetensors is used because SameDiff's own format stops at 2 GB and DiT-XL/2 with EMA and Adam
 * state is ≈ 11 GB.
 */
public final class Checkpoint {
    public static final String MODEL = "model.safetensors";
    public static final String EMA = "ema.safetensors";
    public static final String OPTIMIZER = "optimizer.safetensors";
    public static final String RECORD = "checkpoint.json";
    /** System property of the test hook that slows a write down (milliseconds). */
    public static final String PAUSE_PROPERTY = "dit.test.checkpointPauseMs";
    static final List<String> DATA_FILES = List.of(MODEL, EMA, OPTIMIZER);

    private Checkpoint() {
    }

    /** Writes {@code state} as folder {@code target} (which must not exist) atomically; returns it. */
    public static Path write(Path target, TrainState state, RecordFields fields) throws IOException {
        if (Files.exists(target)) {
            throw new IOException(target + " already exists");
        }
        Path tmp = target.resolveSibling("." + target.getFileName() + ".tmp-"
                + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        Files.createDirectories(tmp);
        try {
            DiTConfig model = fields.config().model();
            DiTWeights.write(tmp.resolve(MODEL), model, state.weights());
            DiTWeights.write(tmp.resolve(EMA), model, state.ema());
            SafetensorsWriter.write(tmp.resolve(OPTIMIZER), state.moments(),
                    Map.of("adam_step", Long.toString(state.adamStep())));
            pauseForTests();
            Map<String, CheckpointRecord.FileEntry> files = new LinkedHashMap<>();
            for (String f : DATA_FILES) {
                files.put(f, entryOf(tmp.resolve(f)));
            }
            Json.write(tmp.resolve(RECORD), fields.record(state, files));
            syncDirectory(tmp);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(target.getParent());
            return target;
        } finally {
            deleteRecursively(tmp);
        }
    }

    /**
     * Test hook: sleeps {@value #PAUSE_PROPERTY} milliseconds (system property; unset: not at all) in
     * the middle of a write, so that a crash-consistency test's kills land inside checkpoint writes.
     */
    private static void pauseForTests() {
        long ms = Long.getLong(PAUSE_PROPERTY, 0);
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Checks that {@code dir} is a complete checkpoint whose files have the sizes and checksums of its
     * record, and returns the record; otherwise a {@link DamagedCheckpointException} says what is wrong.
     */
    public static CheckpointRecord verify(Path dir) throws IOException {
        return verify(dir, DATA_FILES);
    }

    /**
     * Like {@link #verify(Path)}, but checks the size and checksum of only {@code files} (names such as
     * {@link #EMA}): what a reader that uses just those needs, without reading the rest.
     *
     * @param dir   the checkpoint folder
     * @param files the data files to check; the record is always checked
     * @return the checkpoint's record
     * @throws DamagedCheckpointException when the record or one of {@code files} is damaged
     */
    public static CheckpointRecord verify(Path dir, Collection<String> files) throws IOException {
        Path recordFile = dir.resolve(RECORD);
        if (!Files.isRegularFile(recordFile)) {
            throw new DamagedCheckpointException(dir, "it has no " + RECORD + " (not a checkpoint, or its write never finished)");
        }
        CheckpointRecord r;
        try {
            r = Json.read(recordFile, CheckpointRecord.class);
        } catch (IOException e) {
            throw new DamagedCheckpointException(dir, RECORD + " is unreadable (" + e.getMessage() + ")");
        }
        if (!CheckpointRecord.FORMAT.equals(r.format()) || r.files() == null || r.config() == null) {
            throw new DamagedCheckpointException(dir, RECORD + " is not a " + CheckpointRecord.FORMAT + " record");
        }
        for (String name : files) {
            verifyFile(dir, name, r.files().get(name));
        }
        return r;
    }

    private static void verifyFile(Path dir, String name, CheckpointRecord.FileEntry want) throws IOException {
        Path f = dir.resolve(name);
        if (want == null) {
            throw new DamagedCheckpointException(dir, RECORD + " does not list " + name);
        }
        if (!Files.isRegularFile(f)) {
            throw new DamagedCheckpointException(dir, name + " is missing");
        }
        long size = Files.size(f);
        if (size != want.bytes()) {
            throw new DamagedCheckpointException(dir, name + " has " + size + " bytes but the record says "
                    + want.bytes() + (size < want.bytes() ? " (truncated)" : ""));
        }
        String crc = crc32c(f);
        if (!crc.equals(want.crc32c())) {
            throw new DamagedCheckpointException(dir, name + " has CRC-32C " + crc + " but the record says "
                    + want.crc32c() + " (corrupted)");
        }
    }

    /** The model weights of a checkpoint ({@code ema = true}: the EMA weights). */
    public static Map<String, INDArray> readWeights(Path dir, DiTConfig config, boolean ema) throws IOException {
        return DiTWeights.read(dir.resolve(ema ? EMA : MODEL), config, DataType.FLOAT);
    }

    /** Adam's moments of a checkpoint, by key. */
    public static Map<String, INDArray> readMoments(Path dir) throws IOException {
        Map<String, INDArray> out = new LinkedHashMap<>();
        try (SafetensorsReader r = SafetensorsReader.open(dir.resolve(OPTIMIZER))) {
            for (String name : r.names()) {
                out.put(name, r.read(name));
            }
        }
        return out;
    }

    private static CheckpointRecord.FileEntry entryOf(Path f) throws IOException {
        return new CheckpointRecord.FileEntry(Files.size(f), crc32c(f));
    }

    /** CRC-32C of a file's bytes, as 8 hex digits. */
    static String crc32c(Path f) throws IOException {
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[1 << 20];
        try (InputStream in = Files.newInputStream(f)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
            }
        }
        return String.format("%08x", crc.getValue());
    }

    /** fsync of a directory, so a rename inside it is durable (a no-op where the OS refuses). */
    static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // some file systems cannot sync a directory; the rename is still atomic
        }
    }

    static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }

    /** The fields of a record that come from the run rather than from the saved state. */
    public record RecordFields(TrainConfig config, int threads, String dataSource, long dataSize, CodeVersion code) {
        CheckpointRecord record(TrainState s, Map<String, CheckpointRecord.FileEntry> files) {
            String diffusion = config.diffusionSteps() + " steps, " + config.noiseSchedule().referenceName()
                    + " betas, epsilon prediction, " + (config.model().learnSigma()
                    ? "learned-range variance, hybrid loss" : "fixed variance, MSE loss");
            return new CheckpointRecord(CheckpointRecord.FORMAT, CheckpointRecord.VERSION, s.step(), s.cursor().epoch(),
                    s.cursor().position(), s.imagesSeen(), s.trainSeconds(), config.seed(), CheckpointRecord.RNG, threads,
                    s.lastLoss(), dataSource, dataSize, diffusion, code, java.time.Instant.now().toString(), files, config);
        }
    }
}
