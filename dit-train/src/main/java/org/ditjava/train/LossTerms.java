package org.ditjava.train;

/**
 * Batch means of the training loss terms.
 *
 * @param loss mean of mse + vb: the differentiated objective
 * @param mse  mean of the ε̂ squared error (L_simple)
 * @param vb   mean of the bound term in bits (L_vb); 0 when the variance is not learned
 */
public record LossTerms(double loss, double mse, double vb) {

    /** Whether every term is a finite number. */
    public boolean isFinite() {
        return Double.isFinite(loss) && Double.isFinite(mse) && Double.isFinite(vb);
    }

    /** Element-wise sum (to average micro-batches). */
    public LossTerms plus(LossTerms o) {
        return new LossTerms(loss + o.loss, mse + o.mse, vb + o.vb);
    }

    /** Every term divided by {@code k}. */
    public LossTerms div(int k) {
        return new LossTerms(loss / k, mse / k, vb / k);
    }
}
