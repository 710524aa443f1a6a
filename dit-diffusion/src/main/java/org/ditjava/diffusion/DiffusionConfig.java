package org.ditjava.diffusion;

import java.util.Objects;

/**
 * The arguments of {@code create_diffusion} in facebookresearch/DiT {@code diffusion/__init__.py}, validated
 * at construction (the respacing string is parsed eagerly, so a bad one fails here, not at sampling time).
 * The mode enums are derived exactly as {@code create_diffusion} derives them.
 *
 * @param timestepRespacing    "" (every step), "250", "10,15,20" or "ddimN"; see {@link Respacing}
 * @param noiseSchedule        the beta schedule of the original chain ("linear" in DiT)
 * @param useKl                train on the rescaled variational bound alone
 * @param sigmaSmall           with a fixed variance: beta~_t (FIXED_SMALL) instead of beta_t (FIXED_LARGE)
 * @param predictXstart        the model predicts x_0 instead of epsilon
 * @param learnSigma           the model outputs 2C channels, the last C interpolating the log-variance
 * @param rescaleLearnedSigmas scale the bound term by T/1000 (RESCALED_MSE); ignored when useKl
 * @param diffusionSteps       T of the original chain (1000 in DiT)
 */
public record DiffusionConfig(String timestepRespacing, BetaSchedule noiseSchedule, boolean useKl, boolean sigmaSmall,
        boolean predictXstart, boolean learnSigma, boolean rescaleLearnedSigmas, int diffusionSteps) {

    /** T of DiT's original chain. */
    public static final int DEFAULT_DIFFUSION_STEPS = 1000;

    public DiffusionConfig {
        timestepRespacing = timestepRespacing == null ? "" : timestepRespacing;
        Objects.requireNonNull(noiseSchedule, "noiseSchedule");
        Respacing.keptTimesteps(diffusionSteps, timestepRespacing);   // validates both
    }

    /** {@code create_diffusion(timestepRespacing)} with every other argument at its default. */
    public static DiffusionConfig of(String timestepRespacing) {
        return builder().timestepRespacing(timestepRespacing).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with this config's values. */
    public Builder toBuilder() {
        return new Builder().timestepRespacing(timestepRespacing).noiseSchedule(noiseSchedule).useKl(useKl)
                .sigmaSmall(sigmaSmall).predictXstart(predictXstart).learnSigma(learnSigma)
                .rescaleLearnedSigmas(rescaleLearnedSigmas).diffusionSteps(diffusionSteps);
    }

    /** EPSILON unless {@code predictXstart}. */
    public MeanType meanType() {
        return predictXstart ? MeanType.START_X : MeanType.EPSILON;
    }

    /** LEARNED_RANGE when {@code learnSigma}, else FIXED_SMALL / FIXED_LARGE by {@code sigmaSmall}. */
    public VarianceType varianceType() {
        if (learnSigma) {
            return VarianceType.LEARNED_RANGE;
        }
        return sigmaSmall ? VarianceType.FIXED_SMALL : VarianceType.FIXED_LARGE;
    }

    /** RESCALED_KL when {@code useKl}, else RESCALED_MSE when {@code rescaleLearnedSigmas}, else MSE. */
    public LossType lossType() {
        if (useKl) {
            return LossType.RESCALED_KL;
        }
        return rescaleLearnedSigmas ? LossType.RESCALED_MSE : LossType.MSE;
    }

    /** The sorted original timesteps the respaced chain keeps. */
    public int[] keptTimesteps() {
        return Respacing.keptTimesteps(diffusionSteps, timestepRespacing);
    }

    /** Builder with {@code create_diffusion}'s defaults. */
    public static final class Builder {
        private String timestepRespacing = "";
        private BetaSchedule noiseSchedule = BetaSchedule.LINEAR;
        private boolean useKl;
        private boolean sigmaSmall;
        private boolean predictXstart;
        private boolean learnSigma = true;
        private boolean rescaleLearnedSigmas;
        private int diffusionSteps = DEFAULT_DIFFUSION_STEPS;

        private Builder() {
        }

        public Builder timestepRespacing(String value) {
            timestepRespacing = value;
            return this;
        }

        public Builder noiseSchedule(BetaSchedule value) {
            noiseSchedule = value;
            return this;
        }

        public Builder useKl(boolean value) {
            useKl = value;
            return this;
        }

        public Builder sigmaSmall(boolean value) {
            sigmaSmall = value;
            return this;
        }

        public Builder predictXstart(boolean value) {
            predictXstart = value;
            return this;
        }

        public Builder learnSigma(boolean value) {
            learnSigma = value;
            return this;
        }

        public Builder rescaleLearnedSigmas(boolean value) {
            rescaleLearnedSigmas = value;
            return this;
        }

        public Builder diffusionSteps(int value) {
            diffusionSteps = value;
            return this;
        }

        public DiffusionConfig build() {
            return new DiffusionConfig(timestepRespacing, noiseSchedule, useKl, sigmaSmall, predictXstart, learnSigma,
                    rescaleLearnedSigmas, diffusionSteps);
        }
    }
}
