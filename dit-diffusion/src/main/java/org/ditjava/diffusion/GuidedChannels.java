package org.ditjava.diffusion;

import org.ditjava.io.EnumNames;
/**
 * Which output channels classifier-free guidance mixes (see {@link ClassifierFreeGuidance}).
 */
public enum GuidedChannels {
    /**
     * The first 3 output channels, as DiT's {@code forward_with_cfg} does "for exact reproducibility" (its
     * reference models used 3 guided channels); the remaining channels, including the 4th epsilon channel of a
     * 4-channel latent, pass through from the batch. The default, for parity with the official samples. With
     * fewer than 3 output channels (a 1-channel model with learned variance has 2) every channel is guided,
     * exactly as {@code model_out[:, :3]} would.
     */
    FIRST_THREE("first_three"),
    /** Every epsilon channel (the first C of 2C outputs, or all C); the variance channels are never guided. */
    ALL_EPSILON("all_epsilon");

    /** The channel count the official code hard-codes. */
    static final int OFFICIAL_GUIDED_CHANNELS = 3;

    private final String referenceName;

    GuidedChannels(String referenceName) {
        this.referenceName = referenceName;
    }

    /** How many leading channels of an output with {@code outputChannels} channels are guided, for input C. */
    long count(long inputChannels, long outputChannels) {
        return this == FIRST_THREE ? Math.min(OFFICIAL_GUIDED_CHANNELS, outputChannels) : inputChannels;
    }

    /** The lower-case name. */
    public String referenceName() {
        return referenceName;
    }

    /** Parses "first_three" / "all_epsilon" (any case). */
    public static GuidedChannels byName(String name) {
        return EnumNames.parseEither(GuidedChannels.class, name, GuidedChannels::referenceName, "guided channels");
    }
}
