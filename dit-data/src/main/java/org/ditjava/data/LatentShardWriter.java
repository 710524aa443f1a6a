package org.ditjava.data;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.ditjava.io.ArrayOutput;
import org.ditjava.io.DType;
import org.ditjava.io.NpzWriter;
import org.ditjava.io.TensorInfo;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Streams encoded samples into shard files of bounded size, as fast-DiT's {@code extract_features.py}
 * does but keeping both flips: each shard {@code shard-NNNNN.npz} holds {@code latents} and
 * {@code latents_flip} ({@code (n, C, h, w)} float32, the encodings of the image and of its mirror)
 * and {@code labels} ({@code (n)} int64). A shard holds as many samples as fit in {@code maxShardBytes}
 * (at least one); only the shard being filled is kept in memory. Shards are committed atomically one by
 * one, and {@code manifest.json} last by {@link #finish()}: a directory without a manifest is an
 * unfinished extraction, which {@link LatentExtractor} continues from its {@link ExtractionProgress}.
 */
public final class LatentShardWriter implements Closeable {
    private static final int CHUNK_FLOATS = 1 << 18;

    private final Path dir;
    private final String encoder;
    private final int imageSize;
    private final long[] latentShape;
    private final List<String> classes;
    private final int perSample;
    private final int shardCapacity;
    private final float[] plain;
    private final float[] flipped;
    private final long[] labels;
    private final List<ShardManifest.Shard> shards = new ArrayList<>();
    private int filled;
    private long count;
    private boolean finished;

    private LatentShardWriter(Path dir, String encoder, int imageSize, long[] latentShape, List<String> classes, long maxShardBytes) {
        this.dir = dir;
        this.encoder = encoder;
        this.imageSize = imageSize;
        this.latentShape = latentShape.clone();
        this.classes = List.copyOf(classes);
        long size = Arrays.stream(latentShape).reduce(1, (a, b) -> a * b);
        long bytesPerSample = 2 * size * Float.BYTES + Long.BYTES;
        long capacity = Math.max(1, maxShardBytes / bytesPerSample);
        if (size * capacity > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a shard of " + maxShardBytes + " bytes is more than one Java array holds; use a smaller bound");
        }
        this.perSample = (int) size;
        this.shardCapacity = (int) capacity;
        this.plain = new float[perSample * shardCapacity];
        this.flipped = new float[perSample * shardCapacity];
        this.labels = new long[shardCapacity];
    }

    /**
     * Starts writing into {@code dir} (created if needed; it must not already hold shards or a manifest).
     *
     * @param latentShape   per-sample shape (C, h, w) the encoder produces
     * @param maxShardBytes bound on a shard's data bytes (both latent arrays and the labels)
     */
    public static LatentShardWriter create(Path dir, String encoder, int imageSize, long[] latentShape,
                                           List<String> classes, long maxShardBytes) throws IOException {
        return create(dir, encoder, imageSize, latentShape, classes, maxShardBytes, List.of(), false);
    }

    private static LatentShardWriter create(Path dir, String encoder, int imageSize, long[] latentShape,
                                            List<String> classes, long maxShardBytes, List<ShardManifest.Shard> keep,
                                            boolean resuming) throws IOException {
        if (latentShape.length == 0 || Arrays.stream(latentShape).anyMatch(d -> d <= 0)) {
            throw new IllegalArgumentException("latent shape must be positive, got " + Arrays.toString(latentShape));
        }
        if (maxShardBytes <= 0) {
            throw new IllegalArgumentException("maxShardBytes must be positive, got " + maxShardBytes);
        }
        Files.createDirectories(dir);
        List<String> kept = keep.stream().map(ShardManifest.Shard::file).toList();
        for (String f : kept) {
            if (!Files.isRegularFile(dir.resolve(f))) {
                throw new IOException(dir + ": the completed shard " + f + " of the unfinished extraction is missing");
            }
        }
        List<Path> other = shardFiles(dir).stream().filter(p -> !kept.contains(p.getFileName().toString())).toList();
        if (!resuming) {
            requireNoShards(dir);
        }
        for (Path p : other) {
            Files.delete(p);
        }
        return new LatentShardWriter(dir, encoder, imageSize, latentShape, classes, maxShardBytes);
    }

    /**
     * Continues an unfinished extraction in {@code dir}: keeps the completed {@code done} shards (they must
     * all be there), deletes any other shard file (written after the last progress record), and appends
     * from shard {@code done.size()} on.
     */
    static LatentShardWriter resume(Path dir, String encoder, int imageSize, long[] latentShape, List<String> classes,
                                    long maxShardBytes, List<ShardManifest.Shard> done) throws IOException {
        LatentShardWriter w = create(dir, encoder, imageSize, latentShape, classes, maxShardBytes, done, true);
        w.shards.addAll(done);
        w.count = done.stream().mapToLong(ShardManifest.Shard::count).sum();
        return w;
    }

    /** Fails when {@code dir} holds shard files or a manifest. */
    static void requireNoShards(Path dir) throws IOException {
        List<Path> clash = shardFiles(dir);
        if (!clash.isEmpty()) {
            throw new IOException(dir + ": already holds latent shards (" + clash.get(0).getFileName()
                    + ") but no record of an unfinished extraction; choose an empty directory");
        }
    }

    private static List<Path> shardFiles(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.filter(p -> isShardName(p.getFileName().toString())
                    || p.getFileName().toString().equals(ShardManifest.FILE_NAME)).sorted().toList();
        }
    }

    static boolean isShardName(String name) {
        return name.matches("shard-\\d{5,}\\.npz");
    }

    /** Samples the shard being filled still takes before it is written. */
    public int room() {
        return shardCapacity - filled;
    }

    /** The shards written so far. */
    public List<ShardManifest.Shard> shards() {
        return List.copyOf(shards);
    }

    /** Samples in the written shards. */
    public long writtenCount() {
        return count - filled;
    }

    /** Appends a batch: latents of the images and of their mirrors, {@code (N, C, h, w)} each, and {@code (N)} labels. */
    public void add(INDArray latents, INDArray latentsFlipped, INDArray batchLabels) throws IOException {
        requireOpen();
        long n = latents.size(0);
        checkShape("latents", latents, n);
        checkShape("latents_flip", latentsFlipped, n);
        if (batchLabels.length() != n) {
            throw new IllegalArgumentException("labels hold " + batchLabels.length() + " entries for " + n + " samples");
        }
        float[] a = latents.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] b = latentsFlipped.castTo(DataType.FLOAT).dup('c').data().asFloat();
        long[] y = batchLabels.castTo(DataType.INT64).dup('c').data().asLong();
        for (long label : y) {
            if (label < 0 || (!classes.isEmpty() && label >= classes.size())) {
                throw new IllegalArgumentException("label " + label + " outside 0.." + (classes.size() - 1));
            }
        }
        for (int i = 0; i < n; i++) {
            System.arraycopy(a, i * perSample, plain, filled * perSample, perSample);
            System.arraycopy(b, i * perSample, flipped, filled * perSample, perSample);
            labels[filled] = y[i];
            filled++;
            count++;
            if (filled == shardCapacity) {
                flush();
            }
        }
    }

    private void checkShape(String name, INDArray arr, long n) {
        long[] expected = new long[latentShape.length + 1];
        expected[0] = n;
        System.arraycopy(latentShape, 0, expected, 1, latentShape.length);
        if (!Arrays.equals(arr.shape(), expected)) {
            throw new IllegalArgumentException(name + " has shape " + Arrays.toString(arr.shape()) + ", expected "
                    + Arrays.toString(expected));
        }
    }

    private void flush() throws IOException {
        if (filled == 0) {
            return;
        }
        String name = String.format("shard-%05d.npz", shards.size());
        long[] shape = new long[latentShape.length + 1];
        shape[0] = filled;
        System.arraycopy(latentShape, 0, shape, 1, latentShape.length);
        try (NpzWriter npz = NpzWriter.create(dir.resolve(name), NpzWriter.Compression.STORED)) {
            writeFloats(npz.begin("latents", new TensorInfo(DType.FLOAT32, shape)), plain, filled * perSample);
            writeFloats(npz.begin("latents_flip", new TensorInfo(DType.FLOAT32, shape)), flipped, filled * perSample);
            ByteBuffer y = ByteBuffer.allocate(filled * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
            y.asLongBuffer().put(labels, 0, filled);
            npz.begin("labels", new TensorInfo(DType.INT64, new long[] {filled})).write(y);
            npz.commit();
        }
        shards.add(new ShardManifest.Shard(name, filled));
        filled = 0;
    }

    private static void writeFloats(ArrayOutput out, float[] data, int n) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(Math.min(n, CHUNK_FLOATS) * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (int off = 0; off < n; off += CHUNK_FLOATS) {
            int k = Math.min(CHUNK_FLOATS, n - off);
            buf.clear();
            buf.asFloatBuffer().put(data, off, k);
            buf.limit(k * Float.BYTES);
            out.write(buf);
        }
    }

    /** Writes the last (partial) shard and the manifest; returns the manifest. */
    public ShardManifest finish() throws IOException {
        requireOpen();
        flush();
        ShardManifest manifest = new ShardManifest(ShardManifest.FORMAT, ShardManifest.VERSION, encoder, imageSize,
                latentShape, classes, count, shards);
        manifest.write(dir);
        finished = true;
        return manifest;
    }

    private void requireOpen() {
        if (finished) {
            throw new IllegalStateException("the shard writer for " + dir + " is finished");
        }
    }

    /** Without {@link #finish()}, the shards written so far stay but no manifest is written. */
    @Override
    public void close() {
        finished = true;
    }
}
