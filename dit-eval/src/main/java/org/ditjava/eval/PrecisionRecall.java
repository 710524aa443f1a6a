package org.ditjava.eval;

/**
 * Improved precision and recall.
 *
 * @param precision the fraction of samples inside some reference ball
 * @param recall    the fraction of references inside some sample ball
 */
public record PrecisionRecall(double precision, double recall) {
}
