package org.ditjava.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.ditjava.io.ArrayInput;
import org.ditjava.io.DType;
import org.ditjava.io.NpzReader;
import org.ditjava.io.TensorInfo;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads a directory written by {@link LatentShardWriter} in a seeded shuffled order: each epoch
 * visits the shards in a seeded permutation and the samples of each shard in another, so memory holds
 * one shard at a time; each sample contributes its plain or its mirrored latent with probability 0.5
 * (a function of seed, epoch and sample), which restores the flip augmentation that a single frozen
 * flip per image (fast-DiT) loses. Deviation from a global shuffle: consecutive samples come from
 * one shard at a time, so a batch mixes few shards; {@link LatentExtractor} therefore writes the images
 * in a seeded shuffled order, which makes every shard a random sample of all classes.
 */
public final class LatentShardReader {
    private final Path dir;
    private final ShardManifest manifest;

    private LatentShardReader(Path dir, ShardManifest manifest) {
        this.dir = dir;
        this.manifest = manifest;
    }

    /** Opens a shard directory and checks every shard against the manifest. */
    public static LatentShardReader open(Path dir) throws IOException {
        ShardManifest m = ShardManifest.read(dir);
        long[] shape = new long[m.latentShape().length + 1];
        System.arraycopy(m.latentShape(), 0, shape, 1, shape.length - 1);
        for (ShardManifest.Shard s : m.shards()) {
            Path file = dir.resolve(s.file());
            if (!Files.isRegularFile(file)) {
                throw new IOException(file + ": shard listed in the manifest is missing");
            }
            shape[0] = s.count();
            try (NpzReader npz = NpzReader.open(file)) {
                for (String name : List.of("latents", "latents_flip")) {
                    requireInfo(npz, file, name, new TensorInfo(DType.FLOAT32, shape));
                }
                requireInfo(npz, file, "labels", new TensorInfo(DType.INT64, new long[] {s.count()}));
            }
        }
        return new LatentShardReader(dir, m);
    }

    private static void requireInfo(NpzReader npz, Path file, String name, TensorInfo expected) throws IOException {
        if (!npz.contains(name)) {
            throw new IOException(file + ": no array '" + name + "'");
        }
        if (!npz.info(name).equals(expected)) {
            throw new IOException(file + ": '" + name + "' is " + npz.info(name) + " " + Arrays.toString(npz.info(name).shape())
                    + ", the manifest says " + expected + " " + Arrays.toString(expected.shape()));
        }
    }

    /** The manifest. */
    public ShardManifest manifest() {
        return manifest;
    }

    /** Samples in the directory. */
    public long size() {
        return manifest.count();
    }

    /**
     * One epoch's batches in seeded shuffled order, starting {@code from.position()} samples into
     * epoch {@code from.epoch()}; {@code randomFlip = false} always yields the plain latents.
     */
    public Iterator<LatentBatch> batches(long seed, Cursor from, int batchSize, boolean randomFlip) {
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + batchSize);
        }
        if (from.position() > manifest.count()) {
            throw new IllegalArgumentException("cursor position " + from.position() + " is past the " + manifest.count() + " samples");
        }
        return new Epoch(seed, from, batchSize, randomFlip);
    }

    /** One loaded shard: plain and mirrored latents and labels, flat. */
    private record LoadedShard(float[] plain, float[] flipped, long[] labels, long firstGlobal) {
    }

    private LoadedShard load(int shard, long firstGlobal) {
        ShardManifest.Shard s = manifest.shards().get(shard);
        Path file = dir.resolve(s.file());
        try (NpzReader npz = NpzReader.open(file)) {
            ByteBuffer y = readAll(npz, "labels");
            long[] labels = new long[s.count()];
            y.asLongBuffer().get(labels);
            float[] plain = new float[(int) (s.count() * manifest.latentSize())];
            float[] flipped = new float[plain.length];
            readAll(npz, "latents").asFloatBuffer().get(plain);
            readAll(npz, "latents_flip").asFloatBuffer().get(flipped);
            return new LoadedShard(plain, flipped, labels, firstGlobal);
        } catch (IOException e) {
            throw new UncheckedIOException(file + ": cannot read the shard: " + e.getMessage(), e);
        }
    }

    private static ByteBuffer readAll(NpzReader npz, String name) throws IOException {
        try (ArrayInput in = npz.stream(name)) {
            ByteBuffer buf = ByteBuffer.allocate((int) in.remainingBytes()).order(ByteOrder.LITTLE_ENDIAN);
            in.readFully(buf);
            buf.flip();
            return buf.order(ByteOrder.LITTLE_ENDIAN);
        }
    }

    private final class Epoch implements Iterator<LatentBatch> {
        private final long seed;
        private final long epoch;
        private final int batchSize;
        private final boolean randomFlip;
        private final int[] shardOrder;
        private final long[] firstGlobal;
        private int shardPos;
        private int[] sampleOrder;
        private LoadedShard current;
        private int inShard;
        private long position;

        Epoch(long seed, Cursor from, int batchSize, boolean randomFlip) {
            this.seed = seed;
            this.epoch = from.epoch();
            this.batchSize = batchSize;
            this.randomFlip = randomFlip;
            List<ShardManifest.Shard> shards = manifest.shards();
            this.shardOrder = SeededOrder.permutation(seed, epoch, shards.size());
            this.firstGlobal = new long[shards.size()];
            for (int i = 1; i < shards.size(); i++) {
                firstGlobal[i] = firstGlobal[i - 1] + shards.get(i - 1).count();
            }
            long skip = from.position();
            while (shardPos < shardOrder.length && skip >= shards.get(shardOrder[shardPos]).count()) {
                skip -= shards.get(shardOrder[shardPos++]).count();
            }
            this.inShard = (int) skip;
            this.position = from.position();
        }

        @Override
        public boolean hasNext() {
            return position < manifest.count();
        }

        @Override
        public LatentBatch next() {
            if (!hasNext()) {
                throw new NoSuchElementException("epoch " + epoch + " is finished");
            }
            int n = (int) Math.min(batchSize, manifest.count() - position);
            int per = (int) manifest.latentSize();
            float[] out = new float[n * per];
            long[] labels = new long[n];
            boolean[] flips = new boolean[n];
            for (int i = 0; i < n; i++) {
                int local = nextLocal();
                long global = current.firstGlobal + local;
                flips[i] = randomFlip && SeededOrder.flip(seed, epoch, global);
                System.arraycopy(flips[i] ? current.flipped : current.plain, local * per, out, i * per, per);
                labels[i] = current.labels[local];
                position++;
            }
            long[] shape = new long[manifest.latentShape().length + 1];
            shape[0] = n;
            System.arraycopy(manifest.latentShape(), 0, shape, 1, shape.length - 1);
            return new LatentBatch(Nd4j.create(out, shape, 'c'), Nd4j.createFromArray(labels), flips,
                    new Cursor(epoch, (int) position));
        }

        /** The next sample's index within the current shard, loading the next shard when needed. */
        private int nextLocal() {
            while (current == null || inShard >= sampleOrder.length) {
                if (current != null) {
                    shardPos++;
                    inShard = 0;
                }
                int shard = shardOrder[shardPos];
                current = load(shard, firstGlobal[shard]);
                sampleOrder = SeededOrder.permutation(SeededOrder.mix(seed + 31L * shard), epoch, current.labels.length);
            }
            return sampleOrder[inShard++];
        }
    }

    /** A batch of latents. {@code latents}: (N, C, h, w) float32; {@code labels}: (N) int64. */
    public record LatentBatch(INDArray latents, INDArray labels, boolean[] flipped, Cursor next) {
        public LatentBatch {
            flipped = flipped.clone();
        }

        @Override
        public boolean[] flipped() {
            return flipped.clone();
        }
    }
}
