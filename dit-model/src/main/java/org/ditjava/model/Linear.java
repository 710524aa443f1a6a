package org.ditjava.model;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * {@code nn.Linear(in, out)} with bias; the weight is stored (out, in) as in PyTorch so weight
 * files map one-to-one, and applied as {@code x Wᵀ + b}.
 */
public final class Linear {
    private final String weight;
    private final String bias;
    private final int in;
    private final int out;
    private final ParamInit weightInit;

    /** A linear layer named {@code scope} (its tensors are {@code scope.weight}, {@code scope.bias}). */
    public Linear(Scope scope, int in, int out, ParamInit weightInit) {
        this.weight = scope.name("weight");
        this.bias = scope.name("bias");
        this.in = in;
        this.out = out;
        this.weightInit = weightInit;
    }

    /** Declares weight (out, in) and bias (out); biases start at zero in every DiT design. */
    public void declare(ParamList params) {
        params.add(weight, weightInit, out, in);
        params.add(bias, ParamInit.ZEROS, out);
    }

    /** (M, in) → (M, out). */
    public SDVariable apply(GraphContext g, SDVariable x) {
        SDVariable xw = g.sd().mmul(x, g.param(weight), false, true, false);   // (M, out)
        return xw.add(g.param(bias));                                          // (M, out)
    }

    /** (N, T, in) → (N, T, out), as one matrix product over all N·T rows. */
    public SDVariable applyTokens(GraphContext g, SDVariable x, int tokens) {
        SDVariable rows = g.sd().reshape(x, -1, in);                           // (N·T, in)
        return g.sd().reshape(apply(g, rows), -1, tokens, out);                // (N, T, out)
    }
}
