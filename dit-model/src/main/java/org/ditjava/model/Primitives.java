package org.ditjava.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Element-wise functions composed from SameDiff primitives because the built-ins do not compute
 * what DiT computes in ND4J 1.0.0-M2.1 (measured; see {@code shared/docs/STACK.md}):
 * {@code SDNN.gelu} is the sigmoid approximation and the "precise" GELU misplaces the cube;
 * {@code layerNorm}/{@code standardize} have a fixed epsilon, need a gain, and their backward pass
 * ignores the epsilon.
 *
 * <p>Each op is a full pass over its tensor and a tensor the backward pass may keep, so the
 * compositions use as few as the math allows, choosing the ops whose backward passes are fast in
 * M2.1 (measured, bench/NOTES.md): tanh-GELU in its exact sigmoid form (6 ops instead of 9, and
 * libnd4j's sigmoid is about twice as fast as its tanh); squares as products ({@code square} and
 * {@code pow} differentiate through the slow {@code _powderivative}); LayerNorm dividing by a square
 * root (a product with {@code rsqrt} is slower backwards); and per-sample
 * vectors spread over the tokens by a K = 1 matrix product before a same-shape product, because a
 * broadcast product's backward pass costs about twice as much.
 */
public final class Primitives {
    /** √(2/π), the tanh-GELU constant. */
    private static final double GELU_C = Math.sqrt(2.0 / Math.PI);
    /** LayerNorm epsilon of every DiT norm (official: {@code eps=1e-6}). */
    public static final double LN_EPS = 1e-6;

    private Primitives() {
    }

    /**
     * GELU, tanh approximation (timm {@code Mlp(act_layer=GELU(approximate="tanh"))}):
     * ½x(1 + tanh(c(x + 0.044715x³))), computed as the identical x·σ(x·(2c + 2c·0.044715·x²))
     * (½(1 + tanh z) = σ(2z)).
     */
    public static SDVariable geluTanh(SameDiff sd, SDVariable x) {
        SDVariable slope = x.mul(x).mul(2 * GELU_C * 0.044715).add(2 * GELU_C);        // same shape as x
        return x.mul(sd.nn.sigmoid(x.mul(slope)));                                        // same shape as x
    }

    /** SiLU x·σ(x) ({@code nn.SiLU}). */
    public static SDVariable silu(SameDiff sd, SDVariable x) {
        return x.mul(sd.nn.sigmoid(x));                                      // same shape as x
    }

    /**
     * LayerNorm over the last axis of a (N, T, D) tensor, no affine parameters
     * ({@code nn.LayerNorm(D, elementwise_affine=False, eps=1e-6)}), biased variance as PyTorch.
     */
    public static SDVariable layerNorm(SDVariable x) {
        SameDiff sd = x.getSameDiff();
        SDVariable centred = x.sub(x.mean(true, 2));                         // (N, T, D)
        SDVariable variance = centred.mul(centred).mean(true, 2);            // (N, T, 1)
        return centred.div(sd.math.sqrt(variance.add(LN_EPS)));              // (N, T, D)
    }

    /**
     * {@code modulate(x, shift, scale) = x * (1 + scale) + shift} with (N, D) shift/scale (models.py),
     * over {@code tokens} tokens.
     */
    public static SDVariable modulate(GraphContext g, SDVariable x, SDVariable shift, SDVariable scale, int tokens) {
        SDVariable shift3 = g.sd().expandDims(shift, 1);                     // (N, 1, D)
        return x.mul(overTokens(g, scale.add(1.0), tokens)).add(shift3);     // (N, T, D)
    }

    /** {@code x + gate.unsqueeze(1) * y} with a (N, D) gate (adaLN-Zero residual), over {@code tokens} tokens. */
    public static SDVariable gatedResidual(GraphContext g, SDVariable x, SDVariable gate, SDVariable y, int tokens) {
        return x.add(overTokens(g, gate, tokens).mul(y));                    // (N, T, D)
    }

    /** v (N, D) → (N, T, D), every token a copy of its sample's row: ones (N, T, 1) × v (N, 1, D), exact. */
    static SDVariable overTokens(GraphContext g, SDVariable v, int tokens) {
        return g.sd().mmul(g.tokenOnes(tokens), g.sd().expandDims(v, 1));     // (N, T, D)
    }
}
