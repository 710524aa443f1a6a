package org.ditjava.model;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Paper §3.2 "cross-attention block": a standard pre-norm ViT block with a multi-head cross-attention
 * layer after self-attention that attends to the length-2 sequence [t_emb, y_emb]. Not in the
 * official code. Choices where the paper is silent: affine LayerNorms ({@code norm1},
 * {@code norm_cross}, {@code norm2}); the conditioning sequence is not normalised.
 */
public final class CrossAttentionBlock implements DiTBlock {
    private final LayerNorm norm1;
    private final Attention attn;
    private final LayerNorm normCross;
    private final CrossAttention crossAttn;
    private final LayerNorm norm2;
    private final Mlp mlp;

    public CrossAttentionBlock(DiTConfig config, Scope scope) {
        int d = config.hiddenSize();
        int t = DiTBlock.tokensSeen(config);
        this.norm1 = new LayerNorm(scope.child("norm1"), d, true);
        this.attn = new Attention(scope.child("attn"), d, config.numHeads(), t);
        this.normCross = new LayerNorm(scope.child("norm_cross"), d, true);
        this.crossAttn = new CrossAttention(scope.child("cross_attn"), d, config.numHeads(), t, 2);
        this.norm2 = new LayerNorm(scope.child("norm2"), d, true);
        this.mlp = new Mlp(scope.child("mlp"), d, config.mlpHidden(), t);
    }

    @Override
    public void declare(ParamList params) {
        norm1.declare(params);
        attn.declare(params);
        normCross.declare(params);
        crossAttn.declare(params);
        norm2.declare(params);
        mlp.declare(params);
    }

    @Override
    public SDVariable apply(GraphContext g, SDVariable x, Conditioning cond) {
        x = x.add(attn.apply(g, norm1.apply(g, x)));                             // (N, T, D)
        x = x.add(crossAttn.apply(g, normCross.apply(g, x), cond.tokens()));     // (N, T, D)
        return x.add(mlp.apply(g, norm2.apply(g, x)));                           // (N, T, D)
    }
}
