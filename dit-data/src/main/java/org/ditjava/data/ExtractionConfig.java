package org.ditjava.data;

/**
 * How {@link LatentExtractor} encodes a dataset.
 *
 * @param imageSize     side of the center crops fed to the encoder
 * @param batchSize     images per encoder call
 * @param threads       decoding worker threads
 * @param seed          the order the images are written in (a seeded shuffle, so shards mix classes)
 * @param maxShardBytes bound on each shard's data bytes
 */
public record ExtractionConfig(int imageSize, int batchSize, int threads, long seed, long maxShardBytes) {
    /** 256 MiB shards. */
    public static final long DEFAULT_SHARD_BYTES = 256L << 20;

    public ExtractionConfig {
        if (imageSize <= 0 || batchSize <= 0 || threads <= 0 || maxShardBytes <= 0) {
            throw new IllegalArgumentException("imageSize, batchSize, threads and maxShardBytes must be positive, got "
                    + imageSize + ", " + batchSize + ", " + threads + ", " + maxShardBytes);
        }
    }

    /** Defaults: batch 32, one thread per core, seed 0, 256 MiB shards. */
    public static ExtractionConfig of(int imageSize) {
        return new ExtractionConfig(imageSize, 32, Runtime.getRuntime().availableProcessors(), 0, DEFAULT_SHARD_BYTES);
    }

    /** The loader settings: seeded order, no random flips (both flips are encoded), every image. */
    LoaderConfig loaderConfig() {
        return new LoaderConfig(imageSize, batchSize, seed, true, false, false, threads, Math.max(threads, 2 * batchSize));
    }
}
