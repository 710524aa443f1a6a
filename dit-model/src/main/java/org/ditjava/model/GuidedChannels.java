package org.ditjava.model;

/**
 * Which output channels classifier-free guidance mixes (official {@code DiT.forward_with_cfg}).
 *
 * <p>The official code guides {@code model_out[:, :3]} "for exact reproducibility" of its published
 * samples, although the noise prediction of the 4-channel latent model has four channels.
 */
public enum GuidedChannels {
    /**
     * The first three output channels, exactly as the official code slices them (the default, needed
     * for parity). Deviation warning: for a model with fewer than 3 input channels this reaches into
     * the variance channels, as the official slice would; use {@link #ALL_EPS} for such models.
     */
    FIRST_THREE,
    /** Every noise-prediction channel (0..C-1); the variance channels pass through unguided. */
    ALL_EPS;

    /** How many leading output channels are guided for {@code config}. */
    public int count(DiTConfig config) {
        return this == FIRST_THREE ? Math.min(3, config.outChannels()) : config.inChannels();
    }
}
