package org.ditjava.train;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.pairwise.arithmetic.Axpy;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * AdamW on the host, with its whole state in the open so a checkpoint can save and restore it
 * exactly: the moments m and v of every trainable tensor and the step count. The update is
 * PyTorch's {@code AdamW} (DiT train.py: {@code torch.optim.AdamW(lr=1e-4, weight_decay=0)}):
 * <pre>
 *   p ← p − lr·wd·p;  m ← β1 m + (1 − β1) g;  v ← β2 v + (1 − β2) g²
 *   p ← p − (lr / (1 − β1^k)) · m / (√v / √(1 − β2^k) + ε)
 * </pre>
 * Deviation: SameDiff's own updater state is not exposed for saving, so this replaces it; every
 * operation is an element-wise ND4J op, deterministic run to run.
 */
public final class Adam {
    /** Key prefixes of the moments in an optimizer file. */
    public static final String FIRST_MOMENT = "adam.m.";
    public static final String SECOND_MOMENT = "adam.v.";

    private final AdamConfig config;
    private final Map<String, INDArray> m = new LinkedHashMap<>();
    private final Map<String, INDArray> v = new LinkedHashMap<>();
    private final Scratch scratch = new Scratch();
    private long step;

    /** Fresh state (zero moments) for {@code params}. */
    public Adam(AdamConfig config, Map<String, INDArray> params) {
        this.config = Objects.requireNonNull(config, "config");
        params.forEach((name, p) -> {
            m.put(name, p.ulike().assign(0));
            v.put(name, p.ulike().assign(0));
        });
    }

    public AdamConfig config() {
        return config;
    }

    /** Updates taken so far. */
    public long step() {
        return step;
    }

    /**
     * One update of every tensor of {@code params} (in place) from {@code grads}, in PyTorch's order of
     * operations ({@code mul_} then {@code add_(alpha)}, {@code addcmul_}, {@code addcdiv_}); the only
     * memory it takes is one scratch buffer of the largest tensor's size, reused.
     */
    public void update(Map<String, INDArray> params, Map<String, INDArray> grads) {
        step++;
        double bc1 = 1 - Math.pow(config.beta1(), step);
        double sqrtBc2 = Math.sqrt(1 - Math.pow(config.beta2(), step));
        double stepSize = config.learningRate() / bc1;
        for (Map.Entry<String, INDArray> e : params.entrySet()) {
            String name = e.getKey();
            INDArray p = e.getValue();
            INDArray g = Objects.requireNonNull(grads.get(name), () -> "no gradient for " + name);
            if (config.weightDecay() > 0) {
                p.muli(1 - config.learningRate() * config.weightDecay());
            }
            INDArray mi = m.get(name);
            INDArray vi = v.get(name);
            INDArray s = scratch.like(p);
            axpy(1 - config.beta1(), g, mi.muli(config.beta1()));             // m ← β1 m + (1 − β1) g
            axpy(1 - config.beta2(), s.assign(g).muli(g), vi.muli(config.beta2())); // v ← β2 v + (1 − β2) g²
            Transforms.sqrt(s.assign(vi), false).divi(sqrtBc2).addi(config.epsilon()); // √v / √bc2 + ε
            axpy(-stepSize, s.rdivi(mi), p);                                  // p ← p − lr/bc1 · m / denom
        }
    }

    /** {@code y ← alpha·x + y} in place, no temporaries (libnd4j's pairwise {@code axpy}; same shapes). */
    static void axpy(double alpha, INDArray x, INDArray y) {
        Nd4j.exec(new Axpy(x, y, y, alpha));
    }

    /** The moments as named tensors ({@code adam.m.<name>}, {@code adam.v.<name>}); live views, not copies. */
    public Map<String, INDArray> moments() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        m.forEach((k, a) -> out.put(FIRST_MOMENT + k, a));
        v.forEach((k, a) -> out.put(SECOND_MOMENT + k, a));
        return out;
    }

    /** Replaces the state with saved moments (same names and shapes) and step count. */
    public void restore(Map<String, INDArray> moments, long savedStep) {
        if (savedStep < 0) {
            throw new IllegalArgumentException("negative Adam step " + savedStep);
        }
        for (String name : m.keySet()) {
            assignChecked(m.get(name), moments.get(FIRST_MOMENT + name), FIRST_MOMENT + name);
            assignChecked(v.get(name), moments.get(SECOND_MOMENT + name), SECOND_MOMENT + name);
        }
        this.step = savedStep;
    }

    static void assignChecked(INDArray dst, INDArray src, String name) {
        if (src == null) {
            throw new IllegalArgumentException("saved state has no tensor " + name);
        }
        if (!java.util.Arrays.equals(dst.shape(), src.shape())) {
            throw new IllegalArgumentException("saved " + name + " has shape " + java.util.Arrays.toString(src.shape())
                    + ", expected " + java.util.Arrays.toString(dst.shape()));
        }
        dst.assign(src.castTo(dst.dataType()));
    }
}
