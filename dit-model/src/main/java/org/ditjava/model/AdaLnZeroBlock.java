package org.ditjava.model;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The official {@code DiTBlock} (models.py; paper §3.2 "adaLN-Zero block"): c regresses shift, scale
 * and gate for the attention and MLP branches; the modulation Linear starts at zero, so the gates are
 * zero and the block starts as the identity.
 */
public final class AdaLnZeroBlock implements DiTBlock {
    private final Attention attn;
    private final Mlp mlp;
    private final AdaLnModulation modulation;
    private final int tokens;

    public AdaLnZeroBlock(DiTConfig config, Scope scope) {
        int d = config.hiddenSize();
        int t = DiTBlock.tokensSeen(config);
        this.attn = new Attention(scope.child("attn"), d, config.numHeads(), t);
        this.mlp = new Mlp(scope.child("mlp"), d, config.mlpHidden(), t);
        this.tokens = t;
        this.modulation = new AdaLnModulation(scope, d, 6, ParamInit.ZEROS);
    }

    @Override
    public void declare(ParamList params) {
        attn.declare(params);
        mlp.declare(params);
        modulation.declare(params);
    }

    @Override
    public SDVariable apply(GraphContext g, SDVariable x, Conditioning cond) {
        SDVariable[] m = modulation.apply(g, cond.c());          // shift_msa, scale_msa, gate_msa, shift_mlp, scale_mlp, gate_mlp
        SDVariable h = Primitives.modulate(g, Primitives.layerNorm(x), m[0], m[1], tokens); // (N, T, D)
        x = Primitives.gatedResidual(g, x, m[2], attn.apply(g, h), tokens);           // (N, T, D)
        h = Primitives.modulate(g, Primitives.layerNorm(x), m[3], m[4], tokens);      // (N, T, D)
        return Primitives.gatedResidual(g, x, m[5], mlp.apply(g, h), tokens);         // (N, T, D)
    }
}
