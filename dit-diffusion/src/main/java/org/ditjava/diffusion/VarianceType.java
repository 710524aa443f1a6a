package org.ditjava.diffusion;

import org.ditjava.io.EnumNames;
/**
 * Where the reverse-process variance comes from: {@code ModelVarType} of facebookresearch/DiT
 * {@code diffusion/gaussian_diffusion.py} (improved-DDPM section 3.1).
 */
public enum VarianceType {
    /**
     * The model outputs the log-variance directly in its last C channels (improved-DDPM semantics).
     * Deviation: DiT's {@code p_mean_variance} lumps LEARNED together with LEARNED_RANGE (its LEARNED branch
     * was dropped); this port keeps the improved-DDPM meaning, log sigma^2 = v.
     */
    LEARNED("learned"),
    /** The model outputs v in [-1, 1]; log sigma^2 = f log beta_t + (1 - f) log beta~_t with f = (v + 1) / 2. */
    LEARNED_RANGE("learned_range"),
    /** sigma^2 = beta~_t, the posterior variance (with the t = 0 log-variance clipped to that of t = 1). */
    FIXED_SMALL("fixed_small"),
    /** sigma^2 = beta_t, with beta~_1 at t = 0 "to get a better decoder log likelihood". */
    FIXED_LARGE("fixed_large");

    private final String referenceName;

    VarianceType(String referenceName) {
        this.referenceName = referenceName;
    }

    /** True when the model outputs 2C channels, the last C describing the variance. */
    public boolean isLearned() {
        return this == LEARNED || this == LEARNED_RANGE;
    }

    /** The lower-case reference name. */
    public String referenceName() {
        return referenceName;
    }

    /** Parses "learned", "learned_range", "fixed_small", "fixed_large" (any case). */
    public static VarianceType byName(String name) {
        return EnumNames.parseEither(VarianceType.class, name, VarianceType::referenceName, "variance type");
    }
}
