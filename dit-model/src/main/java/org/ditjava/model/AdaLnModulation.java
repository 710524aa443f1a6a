package org.ditjava.model;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * {@code adaLN_modulation = Sequential(SiLU(), Linear(D, k·D))}: regresses k per-channel vectors
 * (shifts, scales, gates) from the conditioning vector c (paper §3.2; models.py). Its Linear is
 * child {@code 1} of the Sequential, hence {@code adaLN_modulation.1.weight}.
 */
public final class AdaLnModulation {
    private final Scope scope;
    private final Linear linear;
    private final int chunks;

    /**
     * @param chunks     how many D-wide vectors to regress (6 adaLN-Zero block, 4 adaLN block, 2 final layer)
     * @param weightInit ZEROS for adaLN-Zero and the official final layer, XAVIER_UNIFORM for plain adaLN
     */
    public AdaLnModulation(Scope parent, int width, int chunks, ParamInit weightInit) {
        this.scope = parent.child("adaLN_modulation");
        this.linear = new Linear(scope.child(1), width, chunks * width, weightInit);
        this.chunks = chunks;
    }

    public void declare(ParamList params) {
        linear.declare(params);
    }

    /** c (N, D) → k vectors of (N, D), in the official chunk order; the packed (N, k·D) is tapped. */
    public SDVariable[] apply(GraphContext g, SDVariable c) {
        SDVariable packed = linear.apply(g, Primitives.silu(g.sd(), c));     // (N, k·D)
        g.tap(scope.prefix(), packed);
        return g.sd().split(packed, chunks, 1);                              // k × (N, D)
    }
}
