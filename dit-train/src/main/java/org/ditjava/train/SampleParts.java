package org.ditjava.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;
import org.ditjava.io.DType;
import org.ditjava.io.Npy;
import org.ditjava.io.NpzWriter;
import org.ditjava.io.TensorInfo;
import org.ditjava.io.ArrayOutput;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The resumable side of writing a large {@code .npz}: each finished batch is saved at once as
 * {@code OUT.npz.parts/batch-NNNNNN.npy} (atomically), with a {@code plan.json} recording what is
 * being sampled; a rerun with the same plan skips the batches already there, a different plan is
 * refused. When every batch exists they are streamed into the ADM-format archive ({@code arr_0}
 * uint8 N×H×W×C, {@code labels} int64 N; stored, zip64 when large), followed by the metadata arrays
 * the job adds (see {@link SampleJob}), and the parts are deleted.
 */
final class SampleParts {
    private static final String PLAN = "plan.json";
    private final Path npz;
    private final Path dir;

    /** Everything that decides the samples; equal plans give equal files. */
    record Plan(String model, String sampler, double cfgScale, String channels, long seed, int batchSize, int count,
                long labelsHash) {
    }

    SampleParts(Path npz) {
        this.npz = npz;
        this.dir = npz.resolveSibling(npz.getFileName() + ".parts");
    }

    /** Creates the parts folder for {@code plan}, or checks that an existing one was made for the same plan. */
    void open(Plan plan) throws IOException {
        Path file = dir.resolve(PLAN);
        if (Files.isRegularFile(file)) {
            Plan old = Json.read(file, Plan.class);
            if (!old.equals(plan)) {
                throw new IOException(dir + " holds samples of another request (" + old + "); rerun with the same "
                        + "settings to resume it, or delete the folder");
            }
            return;
        }
        try {
            Files.createDirectories(dir);
            Json.write(file, plan);
        } catch (IOException e) {
            throw new IOException("cannot write " + dir + ": " + reason(e), e);
        }
    }

    /** Why a file operation failed, in words (the exception's own message often names only the path). */
    static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        String simple = e.getClass().getSimpleName().replace("Exception", "").replaceAll("([a-z])([A-Z])", "$1 $2")
                .toLowerCase(java.util.Locale.ROOT);
        return e.getMessage() == null ? simple : simple + " (" + e.getMessage() + ")";
    }

    Path batch(int b) {
        return dir.resolve(String.format(Locale.ROOT, "batch-%06d.npy", b));
    }

    /** Whether batch {@code b} is already saved with {@code rows} images. */
    boolean has(int b, int rows) throws IOException {
        Path f = batch(b);
        return Files.isRegularFile(f) && Npy.header(f).info().shape()[0] == rows;
    }

    void save(int b, INDArray uint8) throws IOException {
        Npy.write(batch(b), uint8);
    }

    INDArray read(int b) throws IOException {
        return Npy.read(batch(b));
    }

    /** Streams every batch into the archive, adds {@code metadata} (name to array), then deletes the parts. */
    void assemble(long[] labels, int batches, java.util.Map<String, INDArray> metadata) throws IOException {
        long[] shape = Npy.header(batch(0)).info().shape();
        TensorInfo all = new TensorInfo(DType.UINT8, new long[] {labels.length, shape[1], shape[2], shape[3]});
        try (NpzWriter w = NpzWriter.create(npz, NpzWriter.Compression.STORED)) {
            ArrayOutput out = w.begin("arr_0", all);
            for (int b = 0; b < batches; b++) {
                out.write(read(b));
            }
            w.write("labels", Nd4j.createFromArray(labels));
            for (var entry : metadata.entrySet()) {
                w.write(entry.getKey(), entry.getValue());
            }
            w.commit();
        }
        Checkpoint.deleteRecursively(dir);
    }

    static long hash(long[] labels) {
        long h = 1125899906842597L;
        for (long v : Objects.requireNonNull(labels)) {
            h = 31 * h + v;
        }
        return h;
    }
}
