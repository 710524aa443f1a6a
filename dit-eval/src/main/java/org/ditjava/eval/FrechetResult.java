package org.ditjava.eval;

/**
 * A Fréchet distance and how it was obtained.
 *
 * @param value            ‖μ₁−μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr √(Σ₁Σ₂)
 * @param usedEpsFallback  whether 1e-6·I was added to both covariances
 */
public record FrechetResult(double value, boolean usedEpsFallback) {
}
