package org.ditjava.eval;

import org.ditjava.io.EnumNames;

/**
 * When the Fréchet distance adds {@code eps·I} (eps = 1e-6) to both covariances, the fallback of
 * {@code FIDStatistics.frechet_distance} in guided-diffusion's {@code evaluations/evaluator.py}.
 *
 * <p>The suite retries with the offset when SciPy's {@code sqrtm} returns non-finite values. Our
 * eigenvalue-based trace never does for finite input, so {@link #SUITE} reproduces the one
 * situation in which SciPy ≤ 1.10's Schur-based {@code sqrtm} fails: a feature that is constant in
 * the first set (an exactly zero row of Σ₁Σ₂) together with a different feature that is constant
 * in the second set (an exactly zero column). LAPACK's balancing isolates both as exact zeros on
 * the Schur diagonal and the square-root recurrence divides 0 by 0. Rank deficiency alone (fewer
 * samples than dimensions) does not trigger it. (SciPy ≥ 1.14 rewrote {@code sqrtm}; its trigger
 * differs, e.g. it succeeds on the fixture's singular pair.)
 */
public enum EpsFallback {
    /** Offset exactly where the reference suite (SciPy 1.10) takes it, and whenever the trace is not finite. */
    SUITE,
    /** Offset only when the trace is not finite. */
    NON_FINITE,
    /** Always offset both covariances. */
    ALWAYS;

    /** The offset the suite adds to both diagonals. */
    public static final double EPS = 1e-6;

    /** Parses {@code suite}, {@code non-finite} or {@code always} (any case). */
    public static EpsFallback parse(String name) {
        return EnumNames.parse(EpsFallback.class, name, f -> f.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'),
                "eps fallback");
    }
}
