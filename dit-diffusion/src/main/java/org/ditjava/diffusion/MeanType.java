package org.ditjava.diffusion;

import org.ditjava.io.EnumNames;
/**
 * What the model's first C output channels predict: {@code ModelMeanType} of facebookresearch/DiT
 * {@code diffusion/gaussian_diffusion.py}.
 *
 * <p>Deviation: {@code PREVIOUS_X} is left out. DiT's {@code p_mean_variance} has no branch for it (it would
 * silently be treated as epsilon), so offering it would promise semantics the reference does not have.
 */
public enum MeanType {
    /** The model predicts the noise epsilon (DiT's default). */
    EPSILON("epsilon"),
    /** The model predicts x_0 directly ({@code predict_xstart=True}). */
    START_X("start_x");

    private final String referenceName;

    MeanType(String referenceName) {
        this.referenceName = referenceName;
    }

    /** The lower-case reference name. */
    public String referenceName() {
        return referenceName;
    }

    /** Parses "epsilon" / "start_x" (any case). */
    public static MeanType byName(String name) {
        return EnumNames.parseEither(MeanType.class, name, MeanType::referenceName, "mean type");
    }
}
