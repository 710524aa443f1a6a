package org.ditjava.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * timm {@code PatchEmbed} as DiT uses it (paper §3.1 "Patchify"): a p×p convolution with stride p,
 * C → D, with bias, giving T = (H/p)² tokens in row-major order over the patch grid. Computed as the
 * equivalent reshape/permute into (N·T, C·p·p) patches times the (D, C·p·p) view of the
 * {@code proj.weight} (D, C, p, p) kernel.
 */
public final class PatchEmbed {
    private final String weight;
    private final String bias;
    private final int channels;
    private final int patch;
    private final int grid;
    private final int width;

    public PatchEmbed(Scope scope, DiTConfig config) {
        Scope proj = scope.child("proj");
        this.weight = proj.name("weight");
        this.bias = proj.name("bias");
        this.channels = config.inChannels();
        this.patch = config.patchSize();
        this.grid = config.gridSize();
        this.width = config.hiddenSize();
    }

    /** Kernel (D, C, p, p), Xavier-uniform over its (D, C·p·p) view as the official init; bias (D). */
    public void declare(ParamList params) {
        params.add(weight, ParamInit.XAVIER_UNIFORM, width, channels, patch, patch);
        params.add(bias, ParamInit.ZEROS, width);
    }

    /** x (N, C, H, W) → tokens (N, T, D). */
    public SDVariable apply(GraphContext g, SDVariable x) {
        SameDiff sd = g.sd();
        int cpp = channels * patch * patch;
        SDVariable p = sd.reshape(x, -1, channels, grid, patch, grid, patch);     // (N, C, h, p, w, p)
        p = sd.permute(p, 0, 2, 4, 1, 3, 5);                                      // (N, h, w, C, p, p)
        p = sd.reshape(p, -1, cpp);                                               // (N·T, C·p·p)
        SDVariable kernel = sd.reshape(g.param(weight), width, cpp);              // (D, C·p·p)
        SDVariable rows = sd.mmul(p, kernel, false, true, false).add(g.param(bias)); // (N·T, D)
        return sd.reshape(rows, -1, grid * grid, width);                          // (N, T, D)
    }
}
