package org.ditjava.model;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Paper §3.2 "adaptive layer norm (adaLN) block": the LayerNorms' shift and scale are regressed from
 * c; no residual gates (4·D modulation outputs: shift_msa, scale_msa, shift_mlp, scale_mlp). Not in
 * the official code. Deliberate choice: its modulation Linear keeps the Xavier-uniform init of every
 * other Linear (only adaLN-Zero zeroes it).
 */
public final class AdaLnBlock implements DiTBlock {
    private final Attention attn;
    private final Mlp mlp;
    private final AdaLnModulation modulation;
    private final int tokens;

    public AdaLnBlock(DiTConfig config, Scope scope) {
        int d = config.hiddenSize();
        int t = DiTBlock.tokensSeen(config);
        this.attn = new Attention(scope.child("attn"), d, config.numHeads(), t);
        this.mlp = new Mlp(scope.child("mlp"), d, config.mlpHidden(), t);
        this.tokens = t;
        this.modulation = new AdaLnModulation(scope, d, 4, ParamInit.XAVIER_UNIFORM);
    }

    @Override
    public void declare(ParamList params) {
        attn.declare(params);
        mlp.declare(params);
        modulation.declare(params);
    }

    @Override
    public SDVariable apply(GraphContext g, SDVariable x, Conditioning cond) {
        SDVariable[] m = modulation.apply(g, cond.c());                                    // shift_msa, scale_msa, shift_mlp, scale_mlp
        SDVariable h = Primitives.modulate(g, Primitives.layerNorm(x), m[0], m[1], tokens); // (N, T, D)
        x = x.add(attn.apply(g, h));                                                       // (N, T, D)
        h = Primitives.modulate(g, Primitives.layerNorm(x), m[2], m[3], tokens);      // (N, T, D)
        return x.add(mlp.apply(g, h));                                                     // (N, T, D)
    }
}
