package org.ditjava.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Streams classifier logits into the Inception Score of {@code Evaluator.compute_inception_score}
 * in guided-diffusion's {@code evaluations/evaluator.py}: softmax per row, consecutive splits of
 * {@code splitSize} rows (the last one may be shorter), per split
 * {@code exp(mean_i Σ_j p_ij (log p_ij − log p̄_j))} with {@code p̄} the split's mean
 * distribution, and the plain mean of the split scores.
 *
 * <p>Each split needs only running sums, by the identity
 * {@code mean_i Σ_j p_ij (log p_ij − log p̄_j) = mean_i Σ_j p_ij log p_ij − Σ_j p̄_j log p̄_j},
 * so no probabilities are kept. Deliberate deviation: the suite's softmax, logarithms and sums are
 * float32; here a float64 log-softmax of the float32 logits is used (agreement ~1e-7 relative),
 * and an underflowed probability contributes its limit 0 where the suite's {@code 0·log 0} gives NaN.
 */
public final class InceptionScore {
    /** The suite's default split size. */
    public static final int DEFAULT_SPLIT_SIZE = 5000;

    private final int splitSize;
    private final List<Double> scores = new ArrayList<>();
    private double[] marginal;
    private double plogp;
    private int rowsInSplit;
    private long count;

    /** An empty score over splits of {@code splitSize} rows. */
    public InceptionScore(int splitSize) {
        if (splitSize < 1) {
            throw new IllegalArgumentException("split size must be positive, got " + splitSize);
        }
        this.splitSize = splitSize;
    }

    /** Adds logits of shape (n, classes). */
    public void add(INDArray logits) {
        if (logits.rank() != 2) {
            throw new IllegalArgumentException("expected (n, classes) logits, got " + Arrays.toString(logits.shape()));
        }
        int classes = (int) logits.columns();
        if (marginal == null) {
            marginal = new double[classes];
        } else if (classes != marginal.length) {
            throw new IllegalArgumentException("logits with " + classes + " classes after " + marginal.length);
        }
        float[] v = HostData.floats(logits);
        for (int r = 0; r < logits.rows(); r++) {
            addRow(v, r * classes, classes);
        }
    }

    private void addRow(float[] v, int off, int classes) {
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < classes; j++) {
            if (!Float.isFinite(v[off + j])) {
                throw new NonFiniteFeatureException(count, j, v[off + j]);
            }
            max = Math.max(max, v[off + j]);
        }
        double z = 0;
        for (int j = 0; j < classes; j++) {
            z += Math.exp(v[off + j] - max);
        }
        double logZ = max + Math.log(z);
        for (int j = 0; j < classes; j++) {
            double logp = v[off + j] - logZ;
            double p = Math.exp(logp);
            marginal[j] += p;
            if (p > 0) {
                plogp += p * logp;
            }
        }
        count++;
        if (++rowsInSplit == splitSize) {
            closeSplit();
        }
    }

    private void closeSplit() {
        double n = rowsInSplit;
        double marginalEntropyTerm = 0;
        for (int j = 0; j < marginal.length; j++) {
            double pbar = marginal[j] / n;
            if (pbar > 0) {
                marginalEntropyTerm += pbar * Math.log(pbar);
            }
        }
        scores.add(Math.exp(plogp / n - marginalEntropyTerm));
        Arrays.fill(marginal, 0);
        plogp = 0;
        rowsInSplit = 0;
    }

    /** Rows added so far. */
    public long count() {
        return count;
    }

    /** The score of everything added so far (a pending shorter split is included). */
    public InceptionScoreResult result() {
        if (count == 0) {
            throw new IllegalStateException("no logits were added");
        }
        List<Double> all = new ArrayList<>(scores);
        if (rowsInSplit > 0) {
            InceptionScore copy = partialCopy();
            copy.closeSplit();
            all.add(copy.scores.get(0));
        }
        double mean = all.stream().mapToDouble(Double::doubleValue).sum() / all.size();
        return new InceptionScoreResult(mean, List.copyOf(all), splitSize);
    }

    private InceptionScore partialCopy() {
        InceptionScore c = new InceptionScore(splitSize);
        c.marginal = marginal.clone();
        c.plogp = plogp;
        c.rowsInSplit = rowsInSplit;
        return c;
    }

    /** The Inception Score of a whole (n, classes) logits array. */
    public static InceptionScoreResult of(INDArray logits, int splitSize) {
        InceptionScore s = new InceptionScore(splitSize);
        s.add(logits);
        return s.result();
    }
}
