package org.ditjava.model;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Paper §3.2 "in-context conditioning": a standard pre-norm ViT block (affine LayerNorms
 * {@code norm1}, {@code norm2}) over the image tokens plus the two conditioning tokens, which
 * {@link DiTNet} appends before the first block and removes after the last. Not in the official code.
 */
public final class InContextBlock implements DiTBlock {
    private final LayerNorm norm1;
    private final Attention attn;
    private final LayerNorm norm2;
    private final Mlp mlp;

    public InContextBlock(DiTConfig config, Scope scope) {
        int d = config.hiddenSize();
        int t = DiTBlock.tokensSeen(config);
        this.norm1 = new LayerNorm(scope.child("norm1"), d, true);
        this.attn = new Attention(scope.child("attn"), d, config.numHeads(), t);
        this.norm2 = new LayerNorm(scope.child("norm2"), d, true);
        this.mlp = new Mlp(scope.child("mlp"), d, config.mlpHidden(), t);
    }

    @Override
    public void declare(ParamList params) {
        norm1.declare(params);
        attn.declare(params);
        norm2.declare(params);
        mlp.declare(params);
    }

    @Override
    public SDVariable apply(GraphContext g, SDVariable x, Conditioning cond) {
        x = x.add(attn.apply(g, norm1.apply(g, x)));                   // (N, T+2, D)
        return x.add(mlp.apply(g, norm2.apply(g, x)));                 // (N, T+2, D)
    }
}
