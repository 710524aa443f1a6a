package org.ditjava.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Official {@code FinalLayer} (models.py; paper §3.2 "Transformer decoder"): LayerNorm, modulated by
 * shift and scale from c "if using adaLN", then {@code linear} D → p·p·outC (zero-initialised in
 * every design, as the official init), and {@link #unpatchify}. For the cross-attention and in-context
 * designs the norm is a plain affine LayerNorm ({@code norm_final.weight/bias}) and there is no
 * modulation. The adaLN design's final modulation keeps the Xavier init (only adaLN-Zero zeroes it).
 */
public final class FinalLayer {
    private final Scope scope;
    private final LayerNorm normFinal;
    private final Linear linear;
    private final AdaLnModulation modulation;
    private final DiTConfig config;

    public FinalLayer(Scope scope, DiTConfig config) {
        int d = config.hiddenSize();
        int p = config.patchSize();
        boolean adaptive = config.blockType().adaptive();
        ParamInit modInit = config.blockType() == BlockType.ADALN ? ParamInit.XAVIER_UNIFORM : ParamInit.ZEROS;
        this.scope = scope;
        this.normFinal = new LayerNorm(scope.child("norm_final"), d, !adaptive);
        this.linear = new Linear(scope.child("linear"), d, p * p * config.outChannels(), ParamInit.ZEROS);
        this.modulation = adaptive ? new AdaLnModulation(scope, d, 2, modInit) : null;
        this.config = config;
    }

    public void declare(ParamList params) {
        normFinal.declare(params);
        linear.declare(params);
        if (modulation != null) {
            modulation.declare(params);
        }
    }

    /** x (N, T, D), c (N, D) → (N, T, p·p·outC), per-token layout (p_row, p_col, channel). */
    public SDVariable apply(GraphContext g, SDVariable x, SDVariable c) {
        SDVariable h = normFinal.apply(g, x);                               // (N, T, D)
        if (modulation != null) {
            SDVariable[] m = modulation.apply(g, c);                        // shift, scale: 2 × (N, D)
            h = Primitives.modulate(g, h, m[0], m[1], config.numPatches());  // (N, T, D)
        }
        SDVariable out = linear.applyTokens(g, h, config.numPatches());     // (N, T, p·p·outC)
        g.tap(scope.prefix(), out);
        return out;
    }

    /** Official {@code unpatchify}: (N, T, p·p·C) → (N, h, w, p, p, C) → (N, C, h·p, w·p). */
    public SDVariable unpatchify(SameDiff sd, SDVariable x) {
        int p = config.patchSize();
        int grid = config.gridSize();
        int oc = config.outChannels();
        SDVariable img = sd.reshape(x, -1, grid, grid, p, p, oc);           // (N, h, w, p, p, C)
        img = sd.permute(img, 0, 5, 1, 3, 2, 4);                            // (N, C, h, p, w, p)
        return sd.reshape(img, -1, oc, grid * p, grid * p);                 // (N, C, H, W)
    }
}
