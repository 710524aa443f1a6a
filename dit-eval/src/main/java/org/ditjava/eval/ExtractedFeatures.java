package org.ditjava.eval;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Everything the metrics need from one image set, after one pass of the feature network.
 *
 * @param pool           (N, D) float32 pool features (kept whole: precision/recall compares all pairs)
 * @param poolStats      FID statistics of the pool features
 * @param spatialStats   sFID statistics, or {@code null} if the network has no spatial output
 * @param inceptionScore the Inception Score, or {@code null} (no logits, or not asked for)
 */
public record ExtractedFeatures(INDArray pool, FidStatistics poolStats, FidStatistics spatialStats,
                                InceptionScoreResult inceptionScore) {

    /** The number of images N. */
    public long count() {
        return pool.rows();
    }
}
