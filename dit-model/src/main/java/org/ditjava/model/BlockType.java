package org.ditjava.model;

import java.util.Arrays;
import org.ditjava.io.EnumNames;

/**
 * The four ways of feeding the conditioning (timestep and class) into the transformer that the
 * paper compares (Peebles &amp; Xie, §3.2 "DiT block design", Fig. 3 and Fig. 5).
 *
 * <p>Only {@link #ADALN_ZERO} exists in the official {@code models.py}; the other three follow the
 * paper's text (see the block classes for the exact choices made where the text is silent).
 */
public enum BlockType {
    /** Adaptive layer norm with zero-initialised residual gates (the default; the paper's best). */
    ADALN_ZERO("adaln-zero", 0),
    /** Adaptive layer norm: shift and scale regressed from c, no gates, not zero-initialised. */
    ADALN("adaln", 1),
    /** t and y embeddings as a length-2 sequence attended to by an extra cross-attention layer. */
    CROSS_ATTENTION("cross-attention", 2),
    /** t and y embeddings appended as two extra tokens to a standard ViT block stack. */
    IN_CONTEXT("in-context", 3);

    private final String cliName;
    private final int code;

    BlockType(String cliName, int code) {
        this.cliName = cliName;
        this.code = code;
    }

    /** The spelling used on the command line and in reports ({@code adaln-zero}, ...). */
    public String cliName() {
        return cliName;
    }

    /** A stable integer stored as {@code cfg.block_type} in weight files. */
    public int code() {
        return code;
    }

    /** Whether blocks and final layer are modulated by the conditioning vector c (adaLN designs). */
    public boolean adaptive() {
        return this == ADALN_ZERO || this == ADALN;
    }

    /** Parses a CLI spelling or enum name, case-insensitively ({@code adaln-zero}, {@code ADALN_ZERO}). */
    public static BlockType parse(String text) {
        return EnumNames.parse(BlockType.class, text, BlockType::cliName, "block type");
    }

    /** The type stored under {@link #code()}. */
    public static BlockType ofCode(long code) {
        return Arrays.stream(values())
                .filter(b -> b.code == code)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown block type code " + code + "; expected 0..3"));
    }
}
