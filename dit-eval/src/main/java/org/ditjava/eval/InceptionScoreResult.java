package org.ditjava.eval;

import java.util.List;

/**
 * An Inception Score.
 *
 * @param value       the plain mean of the split scores
 * @param splitScores exp(mean KL) of each split, in order (the last split may be shorter)
 * @param splitSize   rows per split
 */
public record InceptionScoreResult(double value, List<Double> splitScores, int splitSize) {
    public InceptionScoreResult {
        splitScores = List.copyOf(splitScores);
    }
}
