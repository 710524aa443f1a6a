package org.ditjava.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Official {@code TimestepEmbedder} (models.py; paper §3.1 "Conditioning"): 256 sinusoidal features
 * [cos(t·f_k) | sin(t·f_k)], f_k = exp(−ln(10000)·k/128), then {@code mlp.0} Linear(256 → D), SiLU,
 * {@code mlp.2} Linear(D → D). Both weights start N(0, 0.02²).
 */
public final class TimestepEmbedder {
    private static final double MAX_PERIOD = 10000.0;

    private final Scope scope;
    private final Linear fc0;
    private final Linear fc2;

    public TimestepEmbedder(Scope scope, int width) {
        Scope mlp = scope.child("mlp");
        this.scope = scope;
        this.fc0 = new Linear(mlp.child(0), DiTConfig.FREQUENCY_EMBEDDING_SIZE, width, ParamInit.NORMAL_002);
        this.fc2 = new Linear(mlp.child(2), width, width, ParamInit.NORMAL_002);
    }

    public void declare(ParamList params) {
        fc0.declare(params);
        fc2.declare(params);
    }

    /** Frequency features (N, 256) → t_emb (N, D). */
    public SDVariable apply(GraphContext g, SDVariable tFreq) {
        SDVariable h = Primitives.silu(g.sd(), fc0.apply(g, tFreq));   // (N, D)
        SDVariable tEmb = fc2.apply(g, h);                             // (N, D)
        g.tap(scope.prefix(), tEmb);
        return tEmb;
    }

    /**
     * {@code TimestepEmbedder.timestep_embedding(t, dim)}: t (N) of the graph's floating type (it may
     * be fractional) → (N, dim) = [cos | sin], plus one zero column when dim is odd. The frequencies
     * and the products t·f are rounded to float32 like the reference even in a double graph.
     */
    public static SDVariable frequencyEmbedding(SameDiff sd, SDVariable t, int dim) {
        int half = dim / 2;
        SDVariable freqs = sd.constant(Nd4j.createFromArray(new float[][] {frequencies(half)})
                .castTo(t.dataType()));                                // (1, half)
        SDVariable args = sd.reshape(t, -1, 1).mul(freqs);             // (N, half)
        SDVariable emb = sd.concat(1, sd.math.cos(args), sd.math.sin(args)); // (N, 2·half)
        if (dim % 2 == 1) {
            emb = sd.concat(1, emb, sd.reshape(t, -1, 1).mul(0.0));    // (N, dim)
        }
        return emb;
    }

    /** f_k = exp(−ln(max_period)·k / half) evaluated in float32 as PyTorch does. */
    static float[] frequencies(int half) {
        float[] f = new float[half];
        float negLog = (float) -Math.log(MAX_PERIOD);
        for (int k = 0; k < half; k++) {
            float arg = ((float) k * negLog) / (float) half;
            f[k] = (float) Math.exp(arg);
        }
        return f;
    }
}
