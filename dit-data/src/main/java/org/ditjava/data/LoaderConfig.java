package org.ditjava.data;

/**
 * How an {@link ImageLoader} batches a dataset.
 *
 * @param imageSize side of the square crops (256 or 512 for DiT on ImageNet)
 * @param batchSize images per batch
 * @param seed      drives the per-epoch shuffle and the flips; same seed, same batches
 * @param shuffle   a fresh seeded permutation each epoch (else file order)
 * @param flip      random horizontal flip with p = 0.5 (DiT's only augmentation)
 * @param dropLast  drop an epoch's final short batch (DiT's DataLoader uses {@code drop_last=True})
 * @param threads   decoding worker threads
 * @param prefetch  images decoded ahead at most, beyond the batch being assembled (the bound of the prefetch queue)
 */
public record LoaderConfig(int imageSize, int batchSize, long seed, boolean shuffle, boolean flip,
                           boolean dropLast, int threads, int prefetch) {

    public LoaderConfig {
        if (imageSize <= 0) {
            throw new IllegalArgumentException("imageSize must be positive, got " + imageSize);
        }
        if (batchSize <= 0) {
            throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
        }
        if (threads <= 0) {
            throw new IllegalArgumentException("threads must be positive, got " + threads);
        }
        if (prefetch < threads) {
            throw new IllegalArgumentException("prefetch (" + prefetch + ") must be at least threads (" + threads + ")");
        }
    }

    /** DiT's training settings: shuffled, flipped, last batch dropped, one thread per core, two batches ahead. */
    public static LoaderConfig training(int imageSize, int batchSize, long seed) {
        int threads = Runtime.getRuntime().availableProcessors();
        return new LoaderConfig(imageSize, batchSize, seed, true, true, true, threads, Math.max(threads, 2 * batchSize));
    }

    /** File order, no flips, every image once: for extraction, inspection and evaluation. */
    public static LoaderConfig inOrder(int imageSize, int batchSize) {
        int threads = Runtime.getRuntime().availableProcessors();
        return new LoaderConfig(imageSize, batchSize, 0, false, false, false, threads, Math.max(threads, 2 * batchSize));
    }

    /** The same with {@code threads} workers (prefetch raised to at least that). */
    public LoaderConfig withThreads(int threads) {
        return new LoaderConfig(imageSize, batchSize, seed, shuffle, flip, dropLast, threads, Math.max(prefetch, threads));
    }

}
