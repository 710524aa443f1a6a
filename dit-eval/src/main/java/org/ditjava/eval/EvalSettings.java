package org.ditjava.eval;

/**
 * Knobs of an evaluation, defaulting to the suite's values ({@code Evaluator} and
 * {@code ManifoldEstimator} in guided-diffusion's {@code evaluations/evaluator.py}).
 *
 * @param batchSize   images per network call; 0 = the network's own preference (64 for Inception)
 * @param splitSize   Inception Score split size (suite: 5000)
 * @param k           precision/recall neighbourhood size (suite: 3)
 * @param prBatch     precision/recall row and column block size (suite: 10000; does not change the result)
 * @param epsFallback when the Fréchet distance adds 1e-6·I
 * @param useCache    read / write reference features next to the reference file
 * @param refStatistics whether a reference file's precomputed statistics are used
 */
public record EvalSettings(int batchSize, int splitSize, int k, int prBatch, EpsFallback epsFallback, boolean useCache,
                           ReferenceStatistics refStatistics) {
    public EvalSettings {
        if (batchSize < 0 || splitSize < 1 || k < 1 || prBatch < 1) {
            throw new IllegalArgumentException("invalid settings: batch " + batchSize + ", split " + splitSize + ", k " + k + ", P/R batch " + prBatch);
        }
        if (epsFallback == null || refStatistics == null) {
            throw new IllegalArgumentException("epsFallback and refStatistics are required");
        }
    }

    /** The suite's defaults, with the reference cache on. */
    public static EvalSettings defaults() {
        return new EvalSettings(0, InceptionScore.DEFAULT_SPLIT_SIZE, ManifoldEstimator.DEFAULT_K, ManifoldEstimator.DEFAULT_BATCH,
                EpsFallback.SUITE, true, ReferenceStatistics.FILE);
    }

    /** The precision/recall estimator these settings describe. */
    public ManifoldEstimator manifoldEstimator() {
        return new ManifoldEstimator(k, prBatch, prBatch);
    }
}
