package org.ditjava.diffusion;

import org.ditjava.io.EnumNames;
/**
 * Training objective: {@code LossType} of facebookresearch/DiT {@code diffusion/gaussian_diffusion.py}.
 */
public enum LossType {
    /** MSE on the mean prediction, plus the variational bound (bits) when the variance is learned. */
    MSE("mse"),
    /** As {@link #MSE} but the bound term is scaled by T/1000 ({@code rescale_learned_sigmas=True}). */
    RESCALED_MSE("rescaled_mse"),
    /** The variational bound alone (bits). */
    KL("kl"),
    /** The variational bound times T, an estimate of the full bound ({@code use_kl=True}). */
    RESCALED_KL("rescaled_kl");

    private final String referenceName;

    LossType(String referenceName) {
        this.referenceName = referenceName;
    }

    /** True for the variational-bound-only losses ({@code LossType.is_vb}). */
    public boolean isVb() {
        return this == KL || this == RESCALED_KL;
    }

    /** The lower-case reference name. */
    public String referenceName() {
        return referenceName;
    }

    /** Parses "mse", "rescaled_mse", "kl", "rescaled_kl" (any case). */
    public static LossType byName(String name) {
        return EnumNames.parseEither(LossType.class, name, LossType::referenceName, "loss type");
    }
}
