package org.ditjava.train;

import java.io.IOException;
import java.util.Iterator;
import java.util.List;
import org.ditjava.data.Cursor;
import org.ditjava.data.LatentShardReader;

/**
 * Batches of pre-extracted VAE latents (the paper trains on Stable Diffusion VAE latents, scaled by
 * 0.18215) through dit-data's {@link LatentShardReader}; an epoch's last short batch is dropped.
 */
final class LatentShardData implements TrainingData {
    private final LatentShardReader reader;
    private final int batchSize;
    private final long seed;
    private final boolean flip;
    private Iterator<LatentShardReader.LatentBatch> epochBatches;
    private long epoch;

    private LatentShardData(LatentShardReader reader, int batchSize, long seed, boolean flip, Cursor from) {
        this.reader = reader;
        this.batchSize = batchSize;
        this.seed = seed;
        this.flip = flip;
        this.epoch = from.epoch();
        this.epochBatches = reader.batches(seed, from, batchSize, flip);
    }

    static LatentShardData open(DataSpec spec, int batchSize, long seed, Cursor from) throws IOException {
        LatentShardReader reader = LatentShardReader.open(spec.dir());
        if (reader.size() < batchSize) {
            throw new IllegalArgumentException(spec.dir() + " holds " + reader.size() + " latents, fewer than a batch of " + batchSize);
        }
        return new LatentShardData(reader, batchSize, seed, spec.flip(), from);
    }

    @Override
    public long[] sampleShape() {
        return reader.manifest().latentShape().clone();
    }

    @Override
    public List<String> classes() {
        return reader.manifest().classes();
    }

    @Override
    public long size() {
        return reader.size();
    }

    @Override
    public TrainingBatch next() {
        while (true) {
            if (!epochBatches.hasNext()) {
                epoch++;
                epochBatches = reader.batches(seed, new Cursor(epoch, 0), batchSize, flip);
            }
            LatentShardReader.LatentBatch b = epochBatches.next();
            if (b.labels().length() == batchSize) {
                return new TrainingBatch(b.latents(), b.labels(), b.next());
            }
        }
    }

    @Override
    public void close() {
    }
}
