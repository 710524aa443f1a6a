package org.ditjava.eval;

import java.io.IOException;
import java.util.function.LongConsumer;
import org.ditjava.eval.features.FeatureBatch;
import org.ditjava.eval.features.FeatureNetwork;
import org.ditjava.eval.input.ImageSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * One streamed pass of a {@link FeatureNetwork} over an {@link ImageSource}, feeding the statistics
 * and the Inception Score batch by batch ({@code read_activations} + {@code compute_statistics} in
 * guided-diffusion's {@code evaluations/evaluator.py}). Only the pool features are kept whole
 * (precision/recall needs them); images and spatial features are dropped after each batch.
 */
public final class FeatureExtractor {
    private final FeatureNetwork network;
    private final int batchSize;
    private final int splitSize;
    private final LongConsumer progress;

    /**
     * @param network   the feature network
     * @param settings  batch size (0 = the network's) and IS split size
     * @param progress  told the number of images done after each batch
     */
    public FeatureExtractor(FeatureNetwork network, EvalSettings settings, LongConsumer progress) {
        this.network = network;
        this.batchSize = settings.batchSize() > 0 ? settings.batchSize() : network.batchSize();
        this.splitSize = settings.splitSize();
        this.progress = progress;
    }

    /** Runs the network over all images of {@code source}; with {@code inceptionScore} also scores its logits. */
    public ExtractedFeatures run(ImageSource source, boolean inceptionScore) throws IOException {
        long n = source.count();
        Accumulators acc = new Accumulators(inceptionScore ? new InceptionScore(splitSize) : null);
        long done = 0;
        for (INDArray images = source.next(batchSize); images != null; images = source.next(batchSize)) {
            FeatureBatch f = network.extract(images, source.layout());
            if (f.size() != images.size(0)) {
                throw new IllegalStateException("feature network " + network.id() + " returned " + f.size() + " rows for " + images.size(0) + " images");
            }
            try {
                acc.add(f, done, n);
            } catch (IllegalArgumentException e) {
                throw new IOException(source.path() + ": images " + done + ".." + (done + f.size() - 1) + ": " + e.getMessage(), e);
            }
            done += f.size();
            progress.accept(done);
        }
        if (done < 2) {
            throw new IOException(source.path() + ": " + done + " image(s); FID statistics need at least 2");
        }
        return acc.result();
    }

    /** The running state of one pass. */
    private static final class Accumulators {
        private final InceptionScore score;
        private INDArray pool;
        private StatisticsAccumulator poolStats;
        private StatisticsAccumulator spatialStats;
        private boolean hasSpatial = true;

        Accumulators(InceptionScore score) {
            this.score = score;
        }

        void add(FeatureBatch f, long offset, long total) {
            if (pool == null) {
                pool = Nd4j.create(DataType.FLOAT, total, f.pool().columns());
                poolStats = new StatisticsAccumulator((int) f.pool().columns());
                hasSpatial = f.spatial() != null;
                spatialStats = hasSpatial ? new StatisticsAccumulator((int) f.spatial().columns()) : null;
            }
            INDArray p = f.pool().castTo(DataType.FLOAT);
            poolStats.add(p);
            pool.get(NDArrayIndex.interval(offset, offset + f.size()), NDArrayIndex.all()).assign(p);
            if (hasSpatial) {
                spatialStats.add(f.spatial());
            }
            if (score != null && f.logits() != null) {
                score.add(f.logits());
            }
        }

        ExtractedFeatures result() {
            return new ExtractedFeatures(pool, poolStats.statistics(), hasSpatial ? spatialStats.statistics() : null,
                    score != null && score.count() > 0 ? score.result() : null);
        }
    }
}
