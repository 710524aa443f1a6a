package org.ditjava.train;

import java.util.Objects;
import org.ditjava.diffusion.DiffusionSchedule;
import org.ditjava.diffusion.GaussianDiffusion;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The per-sample schedule values the hybrid loss graph needs, looked up on the host for a batch of
 * chain indices and fed as (N, 1, 1, 1) float32 placeholders. Each float64 schedule value is rounded
 * to float32 before use, as the reference's {@code _extract_into_tensor} does, so the graph computes
 * in exactly the precision of {@link org.ditjava.diffusion.DiffusionLosses}.
 */
public final class TimestepCoefficients {

    /** The schedule arrays, in the order of {@link HybridLoss.Coefficient}. */
    private final double[][] tables;
    private final int steps;

    public TimestepCoefficients(GaussianDiffusion diffusion) {
        DiffusionSchedule s = Objects.requireNonNull(diffusion, "diffusion").schedule();
        this.steps = s.numTimesteps();
        this.tables = new double[HybridLoss.Coefficient.values().length][];
        for (HybridLoss.Coefficient c : HybridLoss.Coefficient.values()) {
            tables[c.ordinal()] = switch (c) {
                case SQRT_RECIP_ALPHAS_CUMPROD -> s.sqrtRecipAlphasCumprod();
                case SQRT_RECIPM1_ALPHAS_CUMPROD -> s.sqrtRecipm1AlphasCumprod();
                case POSTERIOR_MEAN_COEF1 -> s.posteriorMeanCoef1();
                case POSTERIOR_MEAN_COEF2 -> s.posteriorMeanCoef2();
                case POSTERIOR_LOG_VARIANCE_CLIPPED -> s.posteriorLogVarianceClipped();
                case LOG_BETAS -> logOf(s.betas());
                case IS_FIRST_STEP -> firstStepIndicator(steps);
            };
        }
    }

    /** Value of {@code c} for each chain index of {@code t}: float32 (N, 1, 1, 1). */
    public INDArray lookup(HybridLoss.Coefficient c, int[] t) {
        double[] table = tables[c.ordinal()];
        float[] out = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            if (t[i] < 0 || t[i] >= steps) {
                throw new IllegalArgumentException("timestep index " + t[i] + " outside [0, " + steps + ")");
            }
            out[i] = (float) table[t[i]];
        }
        return Nd4j.createFromArray(out).reshape(t.length, 1, 1, 1);
    }

    private static double[] logOf(double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = Math.log(values[i]);
        }
        return out;
    }

    private static double[] firstStepIndicator(int steps) {
        double[] out = new double[steps];
        out[0] = 1.0;
        return out;
    }
}
