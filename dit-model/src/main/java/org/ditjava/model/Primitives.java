package org.ditjava.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Element-wise functions composed from SameDiff primitives because the built-ins do not compute
 * what DiT computes in ND4J 1.0.0-M2.1 (measured; see {@code shared/docs/STACK.md}):
 * {@code SDNN.gelu} is the sigmoid approximation and the "precise" GELU misplaces the cube;
 * {@code layerNorm}/{@code standardize} have a fixed epsilon, need a gain, and their backward pass
 * ignores the epsilon.
 */
public final class Primitives {
    /** √(2/π), the tanh-GELU constant. */
    private static final double GELU_C = Math.sqrt(2.0 / Math.PI);
    /** LayerNorm epsilon of every DiT norm (official: {@code eps=1e-6}). */
    public static final double LN_EPS = 1e-6;

    private Primitives() {
    }

    /** GELU, tanh approximation (timm {@code Mlp(act_layer=GELU(approximate="tanh"))}). */
    public static SDVariable geluTanh(SameDiff sd, SDVariable x) {
        SDVariable cube = x.mul(x).mul(x);                                   // same shape as x
        SDVariable inner = x.add(cube.mul(0.044715)).mul(GELU_C);            // same shape as x
        return x.mul(0.5).mul(sd.math.tanh(inner).add(1.0));                 // same shape as x
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
        SDVariable mean = x.mean(true, 2);                                   // (N, T, 1)
        SDVariable centred = x.sub(mean);                                    // (N, T, D)
        SDVariable variance = centred.mul(centred).mean(true, 2);            // (N, T, 1)
        return centred.div(variance.add(LN_EPS).pow(0.5));                   // (N, T, D)
    }

    /** {@code modulate(x, shift, scale) = x * (1 + scale) + shift} with (N, D) shift/scale (models.py). */
    public static SDVariable modulate(SameDiff sd, SDVariable x, SDVariable shift, SDVariable scale) {
        SDVariable scale3 = sd.expandDims(scale, 1);                         // (N, 1, D)
        SDVariable shift3 = sd.expandDims(shift, 1);                         // (N, 1, D)
        return x.mul(scale3.add(1.0)).add(shift3);                           // (N, T, D)
    }

    /** {@code x + gate.unsqueeze(1) * y} with a (N, D) gate (adaLN-Zero residual). */
    public static SDVariable gatedResidual(SameDiff sd, SDVariable x, SDVariable gate, SDVariable y) {
        return x.add(sd.expandDims(gate, 1).mul(y));                         // (N, T, D)
    }
}
