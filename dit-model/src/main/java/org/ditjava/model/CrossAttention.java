package org.ditjava.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Multi-head cross-attention from image tokens to the conditioning sequence (paper §3.2,
 * "cross-attention block", after Vaswani et al.): {@code q} (D → D) from the tokens, {@code kv}
 * (D → 2D, rows [k | v]) from the conditioning tokens, {@code proj} (D → D). Not in the official
 * code; names follow timm's cross-attention convention.
 */
public final class CrossAttention {
    private final Linear q;
    private final Linear kv;
    private final Linear proj;
    private final int width;
    private final int heads;
    private final int tokens;
    private final int condTokens;

    public CrossAttention(Scope scope, int width, int heads, int tokens, int condTokens) {
        this.q = new Linear(scope.child("q"), width, width, ParamInit.XAVIER_UNIFORM);
        this.kv = new Linear(scope.child("kv"), width, 2 * width, ParamInit.XAVIER_UNIFORM);
        this.proj = new Linear(scope.child("proj"), width, width, ParamInit.XAVIER_UNIFORM);
        this.width = width;
        this.heads = heads;
        this.tokens = tokens;
        this.condTokens = condTokens;
    }

    public void declare(ParamList params) {
        q.declare(params);
        kv.declare(params);
        proj.declare(params);
    }

    /** x (N, T, D) attends to cond (N, L, D) → (N, T, D). */
    public SDVariable apply(GraphContext g, SDVariable x, SDVariable cond) {
        SameDiff sd = g.sd();
        int hd = width / heads;
        SDVariable qs = sd.reshape(q.applyTokens(g, x, tokens), -1, tokens, heads, hd); // (N, T, H, hd)
        qs = sd.permute(qs, 0, 2, 1, 3);                                               // (N, H, T, hd)
        SDVariable packed = kv.applyTokens(g, cond, condTokens);                       // (N, L, 2D)
        packed = sd.reshape(packed, -1, condTokens, 2, heads, hd);                     // (N, L, 2, H, hd)
        packed = sd.permute(packed, 2, 0, 3, 1, 4);                                    // (2, N, H, L, hd)
        SDVariable[] kvs = sd.unstack(packed, 0, 2);                                   // 2 × (N, H, L, hd)
        SDVariable o = Attention.scaledDotProduct(sd, qs, kvs[0], kvs[1], hd);         // (N, H, T, hd)
        return proj.applyTokens(g, Attention.mergeHeads(sd, o, tokens, width), tokens); // (N, T, D)
    }
}
