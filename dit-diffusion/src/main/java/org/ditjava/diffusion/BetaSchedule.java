package org.ditjava.diffusion;

import org.ditjava.io.EnumNames;
/**
 * Named beta schedules: {@code get_named_beta_schedule} in facebookresearch/DiT
 * {@code diffusion/gaussian_diffusion.py} (from improved-DDPM, Nichol &amp; Dhariwal 2021).
 * All arithmetic is float64.
 */
public enum BetaSchedule {
    /** Ho et al. (DDPM) linear betas 1e-4..0.02, rescaled by 1000/T so any T keeps the same shape. */
    LINEAR("linear") {
        @Override
        public double[] betas(int numSteps) {
            requirePositive(numSteps);
            double scale = 1000.0 / numSteps;
            return linspace(scale * 0.0001, scale * 0.02, numSteps);
        }
    },
    /**
     * Improved-DDPM cosine schedule, {@code betas_for_alpha_bar} with
     * alpha_bar(t) = cos((t + 0.008) / 1.008 * pi / 2)^2 and betas capped at 0.999.
     */
    COSINE("squaredcos_cap_v2") {
        @Override
        public double[] betas(int numSteps) {
            requirePositive(numSteps);
            double[] betas = new double[numSteps];
            for (int i = 0; i < numSteps; i++) {
                double t1 = (double) i / numSteps;
                double t2 = (double) (i + 1) / numSteps;
                betas[i] = Math.min(1.0 - cosineAlphaBar(t2) / cosineAlphaBar(t1), MAX_COSINE_BETA);
            }
            return betas;
        }
    };

    /** {@code max_beta} of {@code betas_for_alpha_bar}: keeps the last cosine betas away from 1. */
    public static final double MAX_COSINE_BETA = 0.999;

    private final String referenceName;

    BetaSchedule(String referenceName) {
        this.referenceName = referenceName;
    }

    /** The betas for a chain of {@code numSteps} steps, float64, index 0 = the first (least noisy) step. */
    public abstract double[] betas(int numSteps);

    /** The name {@code create_diffusion(noise_schedule=...)} uses. */
    public String referenceName() {
        return referenceName;
    }

    /** Parses the reference name ("linear", "squaredcos_cap_v2") or the constant name ("LINEAR", "cosine"). */
    public static BetaSchedule byName(String name) {
        return EnumNames.parseEither(BetaSchedule.class, name, BetaSchedule::referenceName, "beta schedule");
    }

    /** alpha_bar(t) of the cosine schedule, t in [0, 1]. */
    static double cosineAlphaBar(double t) {
        double c = Math.cos((t + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    /** NumPy's {@code linspace(start, stop, n)}: start + i * step with the last value exactly {@code stop}. */
    static double[] linspace(double start, double stop, int n) {
        double[] values = new double[n];
        double step = n > 1 ? (stop - start) / (n - 1) : 0.0;
        for (int i = 0; i < n; i++) {
            values[i] = i * step + start;
        }
        if (n > 1) {
            values[n - 1] = stop;
        }
        return values;
    }

    private static void requirePositive(int numSteps) {
        if (numSteps < 1) {
            throw new IllegalArgumentException("number of diffusion steps must be positive, got " + numSteps);
        }
    }
}
