package org.ditjava.model;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * {@code nn.LayerNorm(D, eps=1e-6)} over the token width, composed from primitives
 * ({@link Primitives#layerNorm}). The official DiT norms have no affine parameters (adaLN supplies
 * shift and scale); the cross-attention and in-context designs, which have no adaLN, use the standard
 * ViT affine norm (gain 1, bias 0 at init), named {@code scope.weight}/{@code scope.bias}.
 */
public final class LayerNorm {
    private final String weight;
    private final String bias;
    private final int width;
    private final boolean affine;

    public LayerNorm(Scope scope, int width, boolean affine) {
        this.weight = scope.name("weight");
        this.bias = scope.name("bias");
        this.width = width;
        this.affine = affine;
    }

    /** Declares the gain and bias of an affine norm; nothing otherwise. */
    public void declare(ParamList params) {
        if (affine) {
            params.add(weight, ParamInit.ONES, width);
            params.add(bias, ParamInit.ZEROS, width);
        }
    }

    /** (N, T, D) → (N, T, D). */
    public SDVariable apply(GraphContext g, SDVariable x) {
        SDVariable normed = Primitives.layerNorm(x);                        // (N, T, D)
        if (!affine) {
            return normed;
        }
        return normed.mul(g.param(weight)).add(g.param(bias));              // (N, T, D)
    }
}
