package org.ditjava.eval;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Improved precision and recall (Kynkäänniemi et al., 2019) as {@code ManifoldEstimator} and
 * {@code Evaluator.compute_prec_recall} in guided-diffusion's {@code evaluations/evaluator.py}:
 * each point's radius is the squared distance to its k-th nearest other point of its own set
 * (the (k+1)-th smallest distance, itself included); precision is the fraction of samples inside
 * some reference ball ({@code d ≤ r}, inclusive), recall the fraction of references inside some
 * sample ball.
 *
 * <p>Distances are computed block by block ({@code rowBatch × colBatch}); the radii keep a running
 * list of the k+1 smallest distances per row instead of the suite's full (rowBatch, N) distance
 * rows, so memory stays at one block and the result does not depend on the block sizes (beyond
 * BLAS rounding of the float32 products). Distances are float32, see {@link PairwiseDistances}.
 */
public final class ManifoldEstimator {
    /** The suite's neighbourhood size. */
    public static final int DEFAULT_K = 3;
    /** The suite's row and column batch size. */
    public static final int DEFAULT_BATCH = 10000;

    private final int k;
    private final int rowBatch;
    private final int colBatch;

    /** An estimator with neighbourhood size {@code k} and the given distance block sizes. */
    public ManifoldEstimator(int k, int rowBatch, int colBatch) {
        if (k < 1 || rowBatch < 1 || colBatch < 1) {
            throw new IllegalArgumentException("k and batch sizes must be positive: k=" + k + ", rows=" + rowBatch + ", cols=" + colBatch);
        }
        this.k = k;
        this.rowBatch = rowBatch;
        this.colBatch = colBatch;
    }

    /** Radii (squared distance to the k-th nearest other point) of every row of (N, D) features. */
    public float[] radii(INDArray features) {
        return radii(new PairwiseDistances(features));
    }

    private float[] radii(PairwiseDistances set) {
        int n = set.rows();
        if (n <= k) {
            throw new IllegalArgumentException("precision/recall with k=" + k + " needs more than " + k + " feature rows, got " + n);
        }
        float[] radii = new float[n];
        for (int r0 = 0; r0 < n; r0 += rowBatch) {
            int r1 = Math.min(n, r0 + rowBatch);
            float[][] smallest = new float[r1 - r0][k + 1];
            for (float[] s : smallest) {
                Arrays.fill(s, Float.POSITIVE_INFINITY);
            }
            for (int c0 = 0; c0 < n; c0 += colBatch) {
                PairwiseDistances.Block b = set.block(r0, r1, set, c0, Math.min(n, c0 + colBatch));
                keepSmallest(b, smallest);
            }
            for (int i = r0; i < r1; i++) {
                radii[i] = smallest[i - r0][k];
            }
        }
        return radii;
    }

    private static void keepSmallest(PairwiseDistances.Block b, float[][] smallest) {
        for (int j = b.c0(); j < b.c1(); j++) {
            for (int i = b.r0(); i < b.r1(); i++) {
                float[] s = smallest[i - b.r0()];
                float d = b.at(i, j);
                int pos = s.length - 1;
                if (d < s[pos]) {
                    while (pos > 0 && s[pos - 1] > d) {
                        s[pos] = s[pos - 1];
                        pos--;
                    }
                    s[pos] = d;
                }
            }
        }
    }

    /** Precision and recall of {@code sample} features against {@code ref} features (radii computed here). */
    public PrecisionRecall evaluate(INDArray ref, INDArray sample) {
        checkColumns(ref, sample);
        PairwiseDistances refs = new PairwiseDistances(ref);
        PairwiseDistances samples = new PairwiseDistances(sample);
        return evaluate(refs, radii(refs), samples, radii(samples));
    }

    /** Precision and recall from features and their radii (the suite's {@code evaluate_pr}). */
    public PrecisionRecall evaluate(INDArray ref, float[] refRadii, INDArray sample, float[] sampleRadii) {
        checkColumns(ref, sample);
        return evaluate(new PairwiseDistances(ref), refRadii, new PairwiseDistances(sample), sampleRadii);
    }

    private static void checkColumns(INDArray ref, INDArray sample) {
        if (ref.columns() != sample.columns()) {
            throw new IllegalArgumentException("reference features are " + ref.columns() + "-d, sample features " + sample.columns() + "-d");
        }
    }

    /** {@link #evaluate(INDArray, float[], INDArray, float[])} on sets whose squared norms are already computed. */
    private PrecisionRecall evaluate(PairwiseDistances refs, float[] refRadii, PairwiseDistances samples, float[] sampleRadii) {
        if (refRadii.length != refs.rows() || sampleRadii.length != samples.rows()) {
            throw new IllegalArgumentException("one radius per feature row is needed");
        }
        boolean[] refCovered = new boolean[refs.rows()];
        boolean[] sampleCovered = new boolean[samples.rows()];
        for (int r0 = 0; r0 < refs.rows(); r0 += rowBatch) {
            int r1 = Math.min(refs.rows(), r0 + rowBatch);
            for (int c0 = 0; c0 < samples.rows(); c0 += colBatch) {
                PairwiseDistances.Block b = refs.block(r0, r1, samples, c0, Math.min(samples.rows(), c0 + colBatch));
                for (int j = b.c0(); j < b.c1(); j++) {
                    for (int i = b.r0(); i < b.r1(); i++) {
                        float d = b.at(i, j);
                        sampleCovered[j] |= d <= refRadii[i];
                        refCovered[i] |= d <= sampleRadii[j];
                    }
                }
            }
        }
        return new PrecisionRecall(fraction(sampleCovered), fraction(refCovered));
    }

    private static double fraction(boolean[] flags) {
        int n = 0;
        for (boolean f : flags) {
            n += f ? 1 : 0;
        }
        return n / (double) flags.length;
    }
}
