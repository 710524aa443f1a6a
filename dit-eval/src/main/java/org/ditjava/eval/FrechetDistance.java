package org.ditjava.eval;

import java.util.Optional;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Fréchet distance between two Gaussians, {@code ‖μ₁−μ₂‖² + tr Σ₁ + tr Σ₂ − 2 tr √(Σ₁Σ₂)},
 * as {@code FIDStatistics.frechet_distance} in guided-diffusion's {@code evaluations/evaluator.py}
 * computes FID and sFID.
 *
 * <p>Deliberate deviation: the suite forms the matrix square root with SciPy's {@code sqrtm} and
 * takes its trace. Only the trace is needed, and it equals Σ √λᵢ over the eigenvalues of Σ₁Σ₂,
 * which are those of the symmetric positive semi-definite {@code M = Fᵀ Σ₁ F} for any factor
 * {@code F Fᵀ = Σ₂}. F is Σ₂'s Cholesky factor when Σ₂ is positive definite (else Σ₁'s, with the
 * roles swapped), or {@code V √Λ} from a symmetric eigendecomposition for singular covariances;
 * M's eigenvalues come from LAPACK {@code syev} without vectors, negatives (rounding) are clamped to
 * 0. All float64, and no general {@code sqrtm} is formed (the parts' timings at 2048 dimensions are in
 * dit-eval's README, "The eigensolver, measured").
 * {@code ‖μ₁−μ₂‖²} is also float64 (the suite dots float32 means in float32).
 *
 * <p>The suite rejects a result whose diagonal has an imaginary part above 1e-3; the analogue here
 * is a negative eigenvalue of M below −(1e-3)², which only non-PSD (corrupt) covariances produce.
 */
public final class FrechetDistance {
    /** The largest tolerated √(−λ) of a negative eigenvalue, the suite's {@code atol=1e-3}. */
    static final double MAX_IMAGINARY = 1e-3;

    private FrechetDistance() {
    }

    /** The suite's FID / sFID between two sets of statistics, with {@link EpsFallback#SUITE}. */
    public static FrechetResult compute(FidStatistics a, FidStatistics b) {
        return compute(a, b, EpsFallback.SUITE);
    }

    /** The Fréchet distance with the given eps policy. */
    public static FrechetResult compute(FidStatistics a, FidStatistics b, EpsFallback fallback) {
        if (a.dim() != b.dim()) {
            throw new IllegalArgumentException("statistics of different dimensions: " + a.dim() + " and " + b.dim());
        }
        INDArray s1 = a.sigma();
        INDArray s2 = b.sigma();
        requireFinite(a, "first");
        requireFinite(b, "second");
        boolean offset = fallback == EpsFallback.ALWAYS || fallback == EpsFallback.SUITE && suiteSqrtmFails(s1, s2);
        TraceSqrt tr = traceSqrt(s1, s2, offset);
        if (!Double.isFinite(tr.value()) && !offset) {
            offset = true;
            tr = traceSqrt(s1, s2, true);
        }
        if (tr.imaginary() > MAX_IMAGINARY) {
            throw new IllegalArgumentException("Imaginary component " + tr.imaginary()
                    + ": a covariance is not positive semi-definite");
        }
        double value = meanTerm(a.mu(), b.mu()) + trace(s1) + trace(s2) - 2 * tr.value();
        return new FrechetResult(value, offset);
    }

    /** tr √(Σ₁Σ₂) and the largest imaginary part (√ of a negative eigenvalue). */
    record TraceSqrt(double value, double imaginary) {
    }

    /** tr √(Σ₁Σ₂) via the eigenvalues of {@code Fᵀ Σ₁ F}, {@code F Fᵀ = Σ₂} (both + eps·I if asked). */
    static TraceSqrt traceSqrt(INDArray s1, INDArray s2, boolean offset) {
        INDArray a = offset ? withDiagonalOffset(s1) : s1;
        INDArray b = offset ? withDiagonalOffset(s2) : s2;
        Optional<INDArray> cholB = SymmetricMatrices.cholesky(b);
        INDArray m;
        if (cholB.isPresent()) {
            m = SymmetricMatrices.congruence(cholB.get(), a);
        } else {
            Optional<INDArray> cholA = SymmetricMatrices.cholesky(a);
            m = cholA.isPresent() ? SymmetricMatrices.congruence(cholA.get(), b)
                    : SymmetricMatrices.congruence(SymmetricMatrices.eigenFactor(b), a);
        }
        double sum = 0;
        double imaginary = 0;
        for (double lambda : SymmetricMatrices.eigenvalues(m)) {
            if (lambda >= 0) {
                sum += Math.sqrt(lambda);
            } else {
                imaginary = Math.max(imaginary, Math.sqrt(-lambda));
            }
        }
        return new TraceSqrt(sum, imaginary);
    }

    /**
     * Whether SciPy 1.10's {@code sqrtm(Σ₁Σ₂)} returns NaN: some feature constant in set 1 (zero
     * row of Σ₁) and a different feature constant in set 2 (zero row of Σ₂). See {@link EpsFallback}.
     */
    static boolean suiteSqrtmFails(INDArray s1, INDArray s2) {
        int[] z1 = SymmetricMatrices.zeroRows(s1);
        int[] z2 = SymmetricMatrices.zeroRows(s2);
        for (int i : z1) {
            for (int j : z2) {
                if (i != j) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void requireFinite(FidStatistics s, String which) {
        for (INDArray a : new INDArray[] {s.mu(), s.sigma()}) {
            double sum = a.sumNumber().doubleValue();
            if (!Double.isFinite(sum) || a.isNaN().any()) {
                throw new IllegalArgumentException("the " + which + " statistics contain NaN or infinite values");
            }
        }
    }

    private static INDArray withDiagonalOffset(INDArray s) {
        return s.add(Nd4j.eye(s.rows()).castTo(DataType.DOUBLE).muli(EpsFallback.EPS));
    }

    private static double meanTerm(INDArray mu1, INDArray mu2) {
        double[] a = HostData.doubles(mu1);
        double[] b = HostData.doubles(mu2);
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            s += d * d;
        }
        return s;
    }

    private static double trace(INDArray s) {
        double[] v = HostData.doubles(s);
        int d = (int) s.rows();
        double t = 0;
        for (int i = 0; i < d; i++) {
            t += v[i * d + i];
        }
        return t;
    }
}
