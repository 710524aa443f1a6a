package org.ditjava.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The exponential moving average of the weights that every reported DiT result uses (paper §4,
 * "EMA of DiT weights with a decay of 0.9999"; DiT train.py {@code update_ema}):
 * {@code ema ← decay·ema + (1 − decay)·param} for every tensor, started as a copy of the weights
 * ({@code update_ema(ema, model, decay=0)}).
 */
public final class Ema {
    private final double decay;
    private final Map<String, INDArray> weights = new LinkedHashMap<>();

    /** An EMA equal to {@code params} (copied). */
    public Ema(double decay, Map<String, INDArray> params) {
        if (!(decay >= 0 && decay < 1)) {
            throw new IllegalArgumentException("EMA decay must lie in [0, 1), got " + decay);
        }
        this.decay = decay;
        params.forEach((k, p) -> weights.put(k, p.dup()));
    }

    public double decay() {
        return decay;
    }

    /** One EMA step toward {@code params}, in place: {@code ema.mul_(decay).add_(param, alpha=1 - decay)}. */
    public void update(Map<String, INDArray> params) {
        weights.forEach((k, e) -> Adam.axpy(1 - decay, params.get(k), e.muli(decay)));
    }

    /** The averaged weights, by official name; live arrays, not copies. */
    public Map<String, INDArray> weights() {
        return weights;
    }

    /** Replaces the averages with saved ones (same names and shapes). */
    public void restore(Map<String, INDArray> saved) {
        weights.forEach((k, e) -> Adam.assignChecked(e, saved.get(k), k));
    }
}
