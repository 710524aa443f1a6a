package org.ditjava.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * Multi-head self-attention as timm's {@code Attention} used by DiT: one {@code qkv} Linear (D → 3D,
 * rows [q | k | v], head h = rows h·hd … (h+1)·hd−1 of each), q scaled by hd^−½, softmax, {@code proj}.
 * Composed from matmul and softmax because {@code multiHeadDotProductAttention} in M2.1 is
 * feature-first and has no projection biases.
 */
public final class Attention {
    private final Linear qkv;
    private final Linear proj;
    private final int width;
    private final int heads;
    private final int tokens;

    public Attention(Scope scope, int width, int heads, int tokens) {
        this.qkv = new Linear(scope.child("qkv"), width, 3 * width, ParamInit.XAVIER_UNIFORM);
        this.proj = new Linear(scope.child("proj"), width, width, ParamInit.XAVIER_UNIFORM);
        this.width = width;
        this.heads = heads;
        this.tokens = tokens;
    }

    public void declare(ParamList params) {
        qkv.declare(params);
        proj.declare(params);
    }

    /** (N, T, D) → (N, T, D). */
    public SDVariable apply(GraphContext g, SDVariable x) {
        SameDiff sd = g.sd();
        int hd = width / heads;
        SDVariable packed = qkv.applyTokens(g, x, tokens);                          // (N, T, 3D)
        packed = sd.reshape(packed, -1, tokens, 3, heads, hd);                      // (N, T, 3, H, hd)
        packed = sd.permute(packed, 2, 0, 3, 1, 4);                                 // (3, N, H, T, hd)
        SDVariable[] qkvs = sd.unstack(packed, 0, 3);                               // 3 × (N, H, T, hd)
        SDVariable o = scaledDotProduct(sd, qkvs[0], qkvs[1], qkvs[2], hd);         // (N, H, T, hd)
        return proj.applyTokens(g, mergeHeads(sd, o, tokens, width), tokens);      // (N, T, D)
    }

    /** softmax(q·hd^−½ kᵀ) v over the last two axes: (N, H, T, hd), (N, H, L, hd)² → (N, H, T, hd). */
    static SDVariable scaledDotProduct(SameDiff sd, SDVariable q, SDVariable k, SDVariable v, int hd) {
        SDVariable scores = sd.mmul(q.mul(Math.pow(hd, -0.5)), k, false, true, false); // (N, H, T, L)
        SDVariable weights = sd.nn.softmax(scores, 3);                              // (N, H, T, L)
        return sd.mmul(weights, v);                                                 // (N, H, T, hd)
    }

    /** (N, H, T, hd) → (N, T, D) with the head index outer within each token ({@code transpose(1, 2)}). */
    static SDVariable mergeHeads(SameDiff sd, SDVariable o, int tokens, int width) {
        SDVariable perToken = sd.permute(o, 0, 2, 1, 3);                            // (N, T, H, hd)
        return sd.reshape(perToken, -1, tokens, width);                             // (N, T, D)
    }
}
