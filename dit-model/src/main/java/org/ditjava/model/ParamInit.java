package org.ditjava.model;

/**
 * How a tensor is set by the official {@code DiT.initialize_weights()} (models.py), and for the
 * non-official designs the choice documented on each.
 */
public enum ParamInit {
    /** Xavier-uniform over the (out, fan-in) view: bound √(6 / (fan_in + fan_out)). */
    XAVIER_UNIFORM,
    /** N(0, 0.02²): label table and both timestep-MLP weights. */
    NORMAL_002,
    /** Zero: every bias, adaLN-Zero modulations, the final linear. */
    ZEROS,
    /** One: the gain of an affine LayerNorm (only in the cross-attention and in-context designs). */
    ONES,
    /** The fixed 2-D sin-cos table ({@code pos_embed}); never trained. */
    SINCOS_2D
}
