package org.ditjava.diffusion;

import java.util.Arrays;
import java.util.function.DoubleUnaryOperator;

/**
 * The immutable float64 coefficient arrays of a (possibly respaced) Gaussian diffusion chain: the
 * attributes computed in {@code GaussianDiffusion.__init__} of facebookresearch/DiT
 * {@code diffusion/gaussian_diffusion.py}, with the respacing of {@code SpacedDiffusion.__init__}
 * ({@code diffusion/respace.py}). Index j is a step of THIS chain; {@link #timestepMap()} maps it to the
 * timestep of the original chain that the model is trained on.
 *
 * <p>Accessors return copies. The package reads the final fields directly (never writing them).
 */
public final class DiffusionSchedule {

    final double[] betas;
    final double[] alphasCumprod;
    final double[] alphasCumprodPrev;
    final double[] alphasCumprodNext;
    final double[] sqrtAlphasCumprod;
    final double[] sqrtOneMinusAlphasCumprod;
    final double[] logOneMinusAlphasCumprod;
    final double[] sqrtRecipAlphasCumprod;
    final double[] sqrtRecipm1AlphasCumprod;
    final double[] posteriorVariance;
    final double[] posteriorLogVarianceClipped;
    final double[] posteriorMeanCoef1;
    final double[] posteriorMeanCoef2;
    /** log(betas): the upper end of the LEARNED_RANGE interpolation. */
    final double[] logBetas;
    /** FIXED_LARGE variance: betas with posterior_variance[1] at index 0, and its log. */
    final double[] fixedLargeVariance;
    final double[] fixedLargeLogVariance;
    final int[] timestepMap;

    private DiffusionSchedule(double[] betas, int[] timestepMap) {
        int n = betas.length;
        if (n < 2) {
            throw new IllegalArgumentException("a diffusion chain needs at least 2 steps, got " + n);
        }
        for (double beta : betas) {
            if (!(beta > 0 && beta <= 1)) {
                throw new IllegalArgumentException("betas must lie in (0, 1], got " + beta);
            }
        }
        this.betas = betas;
        this.timestepMap = timestepMap;
        alphasCumprod = cumulativeAlphas(betas);
        alphasCumprodPrev = shifted(1.0, alphasCumprod, 0, n - 1);
        alphasCumprodNext = new double[n];
        System.arraycopy(alphasCumprod, 1, alphasCumprodNext, 0, n - 1);   // last stays 0.0
        sqrtAlphasCumprod = map(alphasCumprod, Math::sqrt);
        sqrtOneMinusAlphasCumprod = map(alphasCumprod, a -> Math.sqrt(1.0 - a));
        logOneMinusAlphasCumprod = map(alphasCumprod, a -> Math.log(1.0 - a));
        sqrtRecipAlphasCumprod = map(alphasCumprod, a -> Math.sqrt(1.0 / a));
        sqrtRecipm1AlphasCumprod = map(alphasCumprod, a -> Math.sqrt(1.0 / a - 1));
        posteriorVariance = new double[n];
        posteriorMeanCoef1 = new double[n];
        posteriorMeanCoef2 = new double[n];
        for (int j = 0; j < n; j++) {   // q(x_{j-1} | x_j, x_0), DDPM eq. 6-7
            double oneMinusAc = 1.0 - alphasCumprod[j];
            posteriorVariance[j] = betas[j] * (1.0 - alphasCumprodPrev[j]) / oneMinusAc;
            posteriorMeanCoef1[j] = betas[j] * Math.sqrt(alphasCumprodPrev[j]) / oneMinusAc;
            posteriorMeanCoef2[j] = (1.0 - alphasCumprodPrev[j]) * Math.sqrt(1.0 - betas[j]) / oneMinusAc;
        }
        // the posterior variance is 0 at j = 0: its log is clipped to that of j = 1
        posteriorLogVarianceClipped = map(shifted(posteriorVariance[1], posteriorVariance, 1, n - 1), Math::log);
        logBetas = map(betas, Math::log);
        fixedLargeVariance = shifted(posteriorVariance[1], betas, 1, n - 1);
        fixedLargeLogVariance = map(fixedLargeVariance, Math::log);
    }

    /**
     * The chain that keeps {@code keptTimesteps} (sorted, distinct) of the chain with {@code baseBetas}:
     * beta'_j = 1 - alpha_bar[t_j] / alpha_bar[t_{j-1}] with alpha_bar[t_{-1}] = 1.
     */
    public static DiffusionSchedule respaced(double[] baseBetas, int[] keptTimesteps) {
        int[] kept = keptTimesteps.clone();
        double[] alphaBar = cumulativeAlphas(baseBetas);
        double[] newBetas = new double[kept.length];
        double lastKept = 1.0;
        int j = 0;
        for (int t = 0; t < baseBetas.length && j < kept.length; t++) {
            if (t == kept[j]) {
                newBetas[j++] = 1.0 - alphaBar[t] / lastKept;
                lastKept = alphaBar[t];
            }
        }
        if (j != kept.length) {
            throw new IllegalArgumentException("kept timesteps " + Arrays.toString(kept)
                    + " must be sorted, distinct and below " + baseBetas.length);
        }
        return new DiffusionSchedule(newBetas, kept);
    }

    /** Number of steps of this chain. */
    public int numTimesteps() {
        return betas.length;
    }

    /** Original-chain timestep of each step of this chain (identity when not respaced). */
    public int[] timestepMap() {
        return timestepMap.clone();
    }

    public double[] betas() {
        return betas.clone();
    }

    public double[] alphasCumprod() {
        return alphasCumprod.clone();
    }

    public double[] alphasCumprodPrev() {
        return alphasCumprodPrev.clone();
    }

    public double[] alphasCumprodNext() {
        return alphasCumprodNext.clone();
    }

    public double[] sqrtAlphasCumprod() {
        return sqrtAlphasCumprod.clone();
    }

    public double[] sqrtOneMinusAlphasCumprod() {
        return sqrtOneMinusAlphasCumprod.clone();
    }

    public double[] logOneMinusAlphasCumprod() {
        return logOneMinusAlphasCumprod.clone();
    }

    public double[] sqrtRecipAlphasCumprod() {
        return sqrtRecipAlphasCumprod.clone();
    }

    public double[] sqrtRecipm1AlphasCumprod() {
        return sqrtRecipm1AlphasCumprod.clone();
    }

    public double[] posteriorVariance() {
        return posteriorVariance.clone();
    }

    public double[] posteriorLogVarianceClipped() {
        return posteriorLogVarianceClipped.clone();
    }

    public double[] posteriorMeanCoef1() {
        return posteriorMeanCoef1.clone();
    }

    public double[] posteriorMeanCoef2() {
        return posteriorMeanCoef2.clone();
    }

    /** alpha_bar_j = prod_{i &lt;= j} (1 - beta_i), accumulated left to right like {@code np.cumprod}. */
    private static double[] cumulativeAlphas(double[] betas) {
        double[] alphaBar = new double[betas.length];
        double product = 1.0;
        for (int j = 0; j < betas.length; j++) {
            product *= 1.0 - betas[j];
            alphaBar[j] = product;
        }
        return alphaBar;
    }

    /** {@code [first, source[from], ..., source[from + count - 1]]}: NumPy's {@code np.append(first, slice)}. */
    private static double[] shifted(double first, double[] source, int from, int count) {
        double[] out = new double[count + 1];
        out[0] = first;
        System.arraycopy(source, from, out, 1, count);
        return out;
    }

    private static double[] map(double[] values, DoubleUnaryOperator f) {
        return Arrays.stream(values).map(f).toArray();
    }
}
