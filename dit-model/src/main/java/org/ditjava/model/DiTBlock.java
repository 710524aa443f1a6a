package org.ditjava.model;

import org.nd4j.autodiff.samediff.SDVariable;

/** One transformer block of a DiT (paper §3.2, Fig. 3); the design is chosen by {@link BlockType}. */
public interface DiTBlock {

    /** Declares the block's tensors under its scope ({@code blocks.i}). */
    void declare(ParamList params);

    /** (N, T', D) → (N, T', D), where T' counts the conditioning tokens of the in-context design. */
    SDVariable apply(GraphContext g, SDVariable x, Conditioning cond);

    /** The block of {@code config}'s design at {@code scope} ({@code blocks.i}). */
    static DiTBlock create(DiTConfig config, Scope scope) {
        return switch (config.blockType()) {
            case ADALN_ZERO -> new AdaLnZeroBlock(config, scope);
            case ADALN -> new AdaLnBlock(config, scope);
            case CROSS_ATTENTION -> new CrossAttentionBlock(config, scope);
            case IN_CONTEXT -> new InContextBlock(config, scope);
        };
    }

    /** Tokens a block sees: the image tokens plus, in the in-context design, the two conditioning tokens. */
    static int tokensSeen(DiTConfig config) {
        return config.numPatches() + (config.blockType() == BlockType.IN_CONTEXT ? 2 : 0);
    }
}
