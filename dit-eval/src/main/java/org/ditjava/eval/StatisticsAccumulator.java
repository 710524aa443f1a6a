package org.ditjava.eval;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Streams feature batches into {@link FidStatistics} without ever holding all features, with the
 * semantics of {@code Evaluator.compute_statistics} in guided-diffusion's
 * {@code evaluations/evaluator.py}:
 * <ul>
 *   <li>mean: {@code np.mean} of float32 features, which accumulates the rows one after another in
 *       float32 and divides by N in float32 — done exactly so here (bit-identical to NumPy);</li>
 *   <li>covariance: {@code np.cov(rowvar=False)}, float64 with ddof 1. NumPy centres the whole
 *       array at once; here rows are grouped into fixed chunks of {@value #CHUNK_ROWS}, each chunk is
 *       centred on its own float64 mean and merged with Chan et al.'s parallel update
 *       ({@code M2 += C_b + δδᵀ·n_a n_b / n}), which is as accurate as the two-pass formula.</li>
 * </ul>
 * Rows are re-chunked internally, so the result is bit-identical however the caller batches them.
 * A feature that is constant over all rows gets an exactly zero covariance row (the chunk sums of a
 * float32 constant are exact in float64).
 */
public final class StatisticsAccumulator {
    /** Rows per internal covariance update (one float64 GEMM of (D, CHUNK_ROWS) × (CHUNK_ROWS, D)). */
    static final int CHUNK_ROWS = 1024;

    private final int dim;
    private final float[] sum32;
    private final float[] pending;
    private int pendingRows;
    private long count;
    private INDArray mean64;
    private final INDArray m2;

    /** An empty accumulator for {@code dim}-dimensional features. */
    public StatisticsAccumulator(int dim) {
        if (dim < 1) {
            throw new IllegalArgumentException("feature dimension must be positive, got " + dim);
        }
        this.dim = dim;
        this.sum32 = new float[dim];
        this.pending = new float[CHUNK_ROWS * dim];
        this.mean64 = Nd4j.zeros(DataType.DOUBLE, 1, dim);
        this.m2 = Nd4j.create(DataType.DOUBLE, new long[] {dim, dim}, 'f');
    }

    /** The feature dimension D. */
    public int dim() {
        return dim;
    }

    /** Rows added so far. */
    public long count() {
        return count;
    }

    /**
     * Adds a batch of feature rows, shape (n, D) (any float type; values are taken as float32, the
     * suite's feature type).
     *
     * @throws NonFiniteFeatureException if a value is NaN or infinite (nothing is added then)
     */
    public void add(INDArray batch) {
        if (batch.rank() != 2 || batch.columns() != dim) {
            throw new IllegalArgumentException("expected a (n, " + dim + ") feature batch, got " + Arrays.toString(batch.shape()));
        }
        float[] rows = HostData.floats(batch);
        requireFinite(rows);
        int n = (int) batch.rows();
        for (int r = 0; r < n; r++) {
            addRow(rows, r * dim);
        }
    }

    private void addRow(float[] rows, int off) {
        for (int j = 0; j < dim; j++) {
            sum32[j] += rows[off + j];
        }
        System.arraycopy(rows, off, pending, pendingRows * dim, dim);
        count++;
        if (++pendingRows == CHUNK_ROWS) {
            flush();
        }
    }

    private void requireFinite(float[] rows) {
        for (int i = 0; i < rows.length; i++) {
            if (!Float.isFinite(rows[i])) {
                throw new NonFiniteFeatureException(count + i / dim, i % dim, rows[i]);
            }
        }
    }

    /** Merges the pending rows into the running float64 mean and M2 (Chan's parallel update). */
    private void flush() {
        if (pendingRows == 0) {
            return;
        }
        int nb = pendingRows;
        long na = count - nb;
        float[] rows = nb == CHUNK_ROWS ? pending : Arrays.copyOf(pending, nb * dim);
        INDArray x = Nd4j.create(rows, new long[] {nb, dim}, DataType.FLOAT).castTo(DataType.DOUBLE);
        INDArray meanB = x.mean(true, 0);                         // (1, D)
        INDArray centred = x.subRowVector(meanB);                 // (nb, D)
        Nd4j.gemm(centred, centred, m2, true, false, 1.0, 1.0);   // M2 += Xcᵀ Xc
        INDArray delta = meanB.sub(mean64);                       // (1, D)
        double total = na + nb;
        Nd4j.gemm(delta, delta, m2, true, false, na * (double) nb / total, 1.0);
        mean64 = mean64.add(delta.mul(nb / total));
        pendingRows = 0;
    }

    /**
     * The statistics of all rows added so far (the accumulator stays usable).
     *
     * @throws IllegalStateException with fewer than two rows (a covariance needs ddof 1)
     */
    public FidStatistics statistics() {
        if (count < 2) {
            throw new IllegalStateException("a covariance needs at least 2 feature rows, got " + count);
        }
        flush();
        float[] mu = new float[dim];
        for (int j = 0; j < dim; j++) {
            mu[j] = sum32[j] / (float) count;
        }
        INDArray sigma = m2.div(count - 1.0);
        INDArray symmetric = sigma.add(sigma.transpose()).muli(0.5);
        return new FidStatistics(Nd4j.createFromArray(mu), symmetric.dup('c'));
    }

}
