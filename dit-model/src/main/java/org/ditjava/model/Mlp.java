package org.ditjava.model;

import org.nd4j.autodiff.samediff.SDVariable;

/** timm {@code Mlp}: {@code fc1} (D → mlp_ratio·D), tanh-GELU, {@code fc2} (back to D); no dropout. */
public final class Mlp {
    private final Linear fc1;
    private final Linear fc2;
    private final int tokens;

    public Mlp(Scope scope, int width, int hidden, int tokens) {
        this.fc1 = new Linear(scope.child("fc1"), width, hidden, ParamInit.XAVIER_UNIFORM);
        this.fc2 = new Linear(scope.child("fc2"), hidden, width, ParamInit.XAVIER_UNIFORM);
        this.tokens = tokens;
    }

    public void declare(ParamList params) {
        fc1.declare(params);
        fc2.declare(params);
    }

    /** (N, T, D) → (N, T, D). */
    public SDVariable apply(GraphContext g, SDVariable x) {
        SDVariable h = fc1.applyTokens(g, x, tokens);                        // (N, T, Dm)
        h = Primitives.geluTanh(g.sd(), h);                                  // (N, T, Dm)
        return fc2.applyTokens(g, h, tokens);                                // (N, T, D)
    }
}
