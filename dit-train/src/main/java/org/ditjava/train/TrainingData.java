package org.ditjava.train;

import java.io.IOException;
import java.util.List;
import org.ditjava.data.BadInputPolicy;
import org.ditjava.data.Cursor;
import org.ditjava.data.FashionMnist;

/**
 * An endless, deterministic stream of training batches: the order is a function of (seed, epoch,
 * position) only, and {@link #open} at a saved {@link Cursor} continues exactly where a run
 * stopped. Epochs end with their last full batch (DiT's {@code drop_last=True}).
 */
public interface TrainingData extends AutoCloseable {

    /** Per-sample shape (C, H, W). */
    long[] sampleShape();

    /** Class names, indexed by label. */
    List<String> classes();

    /** Samples per epoch. */
    long size();

    /** The next batch (crossing into the next epoch when this one is used up). */
    TrainingBatch next() throws IOException;

    @Override
    void close();

    /** Opens {@code spec} for batches of {@code batchSize} in the order of {@code seed}, at {@code from}. */
    static TrainingData open(DataSpec spec, int batchSize, long seed, Cursor from) throws IOException {
        return open(spec, batchSize, seed, from, BadInputPolicy.FAIL);
    }

    /**
     * {@link #open(DataSpec, int, long, Cursor)} with {@code policy} for the bad files of an image
     * folder (dit-data's {@link BadInputPolicy}; other sources ignore it).
     */
    static TrainingData open(DataSpec spec, int batchSize, long seed, Cursor from, BadInputPolicy policy)
            throws IOException {
        return switch (spec.kind()) {
            case FASHION_MNIST -> new InMemoryData(FashionMnist.load(spec.resolvedDir(), FashionMnist.Split.TRAIN,
                    spec.imageSize() == 32 ? FashionMnist.Layout.PADDED_32 : FashionMnist.Layout.SIZE_28),
                    batchSize, seed, spec.flip(), from);
            case IMAGE_FOLDER -> ImageFolderData.open(spec, batchSize, seed, from, policy);
            case LATENT_SHARDS -> LatentShardData.open(spec, batchSize, seed, from);
        };
    }
}
