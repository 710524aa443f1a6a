package org.ditjava.eval;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The reference side of an evaluation.
 *
 * @param pool         (N, D) float32 pool features (precision/recall)
 * @param poolStats    FID statistics: the reference file's own {@code mu}/{@code sigma} when it has
 *                     them (as the suite's {@code read_statistics}), else computed from {@code pool}
 * @param spatialStats sFID statistics ({@code mu_s}/{@code sigma_s} likewise), or {@code null}
 */
public record ReferenceFeatures(INDArray pool, FidStatistics poolStats, FidStatistics spatialStats) {

    /** The number of reference images N. */
    public long count() {
        return pool.rows();
    }
}
