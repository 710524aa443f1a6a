package org.ditjava.model;

import java.util.random.RandomGenerator;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Official {@code LabelEmbedder} (models.py; paper §3.1): a (classes + 1, D) table whose last row is
 * the learned null class for classifier-free guidance, N(0, 0.02²) at init.
 *
 * <p>Deviation, forced by ND4J M2.1: the lookup is a one-hot (N, rows) × table product, because the
 * gradient of {@code sd.gather} is broken in that release; the result is identical. Label dropout
 * ({@code token_drop}) happens on the host, before the labels are fed ({@link #dropLabels}).
 */
public final class LabelEmbedder {
    private final Scope scope;
    private final String table;
    private final int rows;
    private final int width;

    public LabelEmbedder(Scope scope, DiTConfig config) {
        this.scope = scope;
        this.table = scope.child("embedding_table").name("weight");
        this.rows = config.labelTableRows();
        this.width = config.hiddenSize();
    }

    public void declare(ParamList params) {
        params.add(table, ParamInit.NORMAL_002, rows, width);
    }

    /** y (N) int64 labels → y_emb (N, D). Labels outside the table give a zero row, so callers check. */
    public SDVariable apply(GraphContext g, SDVariable y) {
        SDVariable oneHot = g.sd().oneHot(y, rows, -1, 1.0, 0.0, g.dtype());   // (N, rows)
        SDVariable yEmb = g.sd().mmul(oneHot, g.param(table));                // (N, D)
        g.tap(scope.prefix(), yEmb);
        return yEmb;
    }

    /**
     * Official {@code token_drop} for training: each label becomes the null class with probability
     * {@code config.classDropoutProb()}. Returns a new int64 array; {@code y} is not changed.
     */
    public static INDArray dropLabels(INDArray y, DiTConfig config, RandomGenerator rng) {
        INDArray out = y.castTo(DataType.INT64).dup();
        if (!config.hasNullClass()) {
            return out;
        }
        for (long i = 0; i < out.length(); i++) {
            if (rng.nextDouble() < config.classDropoutProb()) {
                out.putScalar(i, config.nullClass());
            }
        }
        return out;
    }
}
