package org.ditjava.train;

import org.ditjava.data.Cursor;

/**
 * What one optimiser step did.
 *
 * @param terms    loss terms averaged over the micro-batches
 * @param gradNorm global L2 norm of the (averaged) gradient
 * @param cursor   data position after the step
 * @param images   images consumed
 */
public record StepOutcome(LossTerms terms, double gradNorm, Cursor cursor, int images) {
}
