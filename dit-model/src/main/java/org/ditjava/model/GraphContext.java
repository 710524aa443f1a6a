package org.ditjava.model;

import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What every module needs while it adds itself to a SameDiff graph: the graph, the floating-point
 * type, the declared tensors (so a module can only create a variable it declared, with the declared
 * shape), and named taps on intermediate values (for debugging and parity tests).
 */
public final class GraphContext {
    private final SameDiff sd;
    private final DataType dtype;
    private final ParamList params;
    private final Map<String, SDVariable> taps = new LinkedHashMap<>();
    private final Map<Integer, SDVariable> tokenOnes = new HashMap<>();
    private SDVariable batchOnes;

    GraphContext(SameDiff sd, DataType dtype, ParamList params) {
        this.sd = sd;
        this.dtype = dtype;
        this.params = params;
    }

    /** The graph being built. */
    public SameDiff sd() {
        return sd;
    }

    /** Floating-point type of every variable and activation (FLOAT for parity, DOUBLE for checks). */
    public DataType dtype() {
        return dtype;
    }

    /** The variable for a declared trainable tensor, created (zero-filled) on first use. */
    public SDVariable param(String name) {
        SDVariable v = sd.getVariable(name);
        if (v != null) {
            return v;
        }
        ParamSpec spec = params.get(name);
        if (spec == null || !spec.trainable()) {
            throw new IllegalStateException("no trainable parameter declared as " + name);
        }
        return sd.var(name, Nd4j.zeros(dtype, spec.shape()));
    }

    /** A fixed table (not trained) declared under {@code name}, holding {@code value} cast to the graph type. */
    public SDVariable constant(String name, INDArray value) {
        if (params.get(name) == null) {
            throw new IllegalStateException("no tensor declared as " + name);
        }
        return sd.constant(name, value.castTo(dtype));
    }

    /**
     * Declares the batch: ones (N, 1, 1) of the graph type derived from the integer labels, so that
     * nothing differentiable feeds them and the backward pass never visits them.
     */
    void setBatch(SDVariable labels) {
        batchOnes = sd.reshape(sd.onesLike(null, labels, dtype), -1, 1, 1);     // (N, 1, 1)
    }

    /** Ones (N, T, 1) for {@code tokens} tokens, made once per graph (see {@link Primitives#overTokens}). */
    public SDVariable tokenOnes(int tokens) {
        if (batchOnes == null) {
            throw new IllegalStateException("the batch has not been declared");
        }
        return tokenOnes.computeIfAbsent(tokens,
                t -> batchOnes.mul(sd.constant(Nd4j.ones(dtype, 1, t, 1))));     // (N, T, 1)
    }

    /** Records an intermediate value under a module name ({@code blocks.0.adaLN_modulation}). */
    public void tap(String name, SDVariable value) {
        taps.put(name, value);
    }

    Map<String, SDVariable> taps() {
        return Collections.unmodifiableMap(taps);
    }
}
