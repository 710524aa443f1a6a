package org.ditjava.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The official {@code DiT.initialize_weights()} (models.py), seeded: Xavier-uniform for every Linear
 * weight and the (D, C·p·p) view of the patch kernel, zero biases, N(0, 0.02²) for the label table and
 * both timestep-MLP weights, zero adaLN-Zero modulations and final linear, the fixed sin-cos table.
 *
 * <p>Each tensor draws from its own generator seeded by (seed, name), so a tensor's values do not
 * depend on which other tensors exist. Values are drawn in float64 and cast.
 */
public final class DiTInit {
    private DiTInit() {
    }

    /** Fresh official-init weights for {@code config}, in {@code state_dict} order. */
    public static Map<String, INDArray> official(DiTConfig config, long seed, DataType dtype) {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (ParamSpec spec : new DiTNet(config).params().all()) {
            INDArray drawn = initialise(spec, config, seed);
            INDArray cast = drawn.castTo(dtype);
            if (cast != drawn && drawn.closeable()) {
                drawn.close();          // float64 draws are freed now, not at the next collection (RSS)
            }
            out.put(spec.name(), cast);
        }
        return out;
    }

    /** The values of one tensor. */
    static INDArray initialise(ParamSpec spec, DiTConfig config, long seed) {
        long[] shape = spec.shape();
        return switch (spec.init()) {
            case ZEROS -> Nd4j.zeros(DataType.DOUBLE, shape);
            case ONES -> Nd4j.ones(DataType.DOUBLE, shape);
            case SINCOS_2D -> PosEmbed.table(config.hiddenSize(), config.gridSize()).reshape(shape);
            case NORMAL_002 -> fill(shape, rng(seed, spec.name()), 0.02, true);
            case XAVIER_UNIFORM -> {
                long fanOut = shape[0];
                long fanIn = spec.numel() / fanOut;
                yield fill(shape, rng(seed, spec.name()), Math.sqrt(6.0 / (fanIn + fanOut)), false);
            }
        };
    }

    private static SplittableRandom rng(long seed, String name) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L ^ name.hashCode());
    }

    /** N(0, scale²) when {@code gaussian}, else U(−scale, scale). */
    private static INDArray fill(long[] shape, SplittableRandom rng, double scale, boolean gaussian) {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        double[] v = new double[Math.toIntExact(n)];
        for (int i = 0; i < v.length; i++) {
            v[i] = gaussian ? rng.nextGaussian() * scale : (2 * rng.nextDouble() - 1) * scale;
        }
        return Nd4j.createFromArray(v).reshape(shape);
    }
}
