package org.ditjava.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Laptop-sized configurations and random (non-zero everywhere) weights for unit tests. */
final class TinyConfigs {
    private TinyConfigs() {
    }

    /** 8×8×4 latents, patch 2 (16 tokens), width 16, 2 heads, depth 2, 3 classes + null, learned sigma. */
    static DiTConfig tiny(BlockType block) {
        return new DiTConfig(2, 16, 2, 2, 8, 4, 3, 0.1, true, block, 2.0);
    }

    /**
     * Weights drawn N(0, std²) for every trainable tensor (so zero-initialised paths carry signal),
     * LayerNorm gains around 1, and the official fixed table.
     */
    static Map<String, INDArray> randomWeights(DiTConfig config, long seed, double std, DataType dtype) {
        Map<String, INDArray> w = new LinkedHashMap<>();
        SplittableRandom rng = new SplittableRandom(seed);
        for (ParamSpec spec : new DiTNet(config).params().all()) {
            if (!spec.trainable()) {
                w.put(spec.name(), DiTInit.initialise(spec, config, seed).castTo(dtype));
                continue;
            }
            double[] v = new double[(int) spec.numel()];
            for (int i = 0; i < v.length; i++) {
                v[i] = (spec.init() == ParamInit.ONES ? 1 : 0) + std * rng.nextGaussian();
            }
            w.put(spec.name(), Nd4j.createFromArray(v).reshape(spec.shape()).castTo(dtype));
        }
        return w;
    }
}
