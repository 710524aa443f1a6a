package org.ditjava.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * {@code SameDiff.calculateGradientsAndOutputs} without its memory problem (ND4J 1.0.0-M2.1).
 *
 * <p>M2.1's {@code calculateGradientsAndOutputs} switches the gradient function's
 * {@code enableCache} off before every call, and with it off the session never releases an
 * intermediate array: every forward activation and every backward temporary of the step stays
 * allocated until the call returns (measured for DiT-S/2 at batch 8: 9.4 GB allocated and held
 * per step), and as nothing is recycled every op writes into freshly faulted-in pages. This runs
 * the same gradient function with releasing on, so an array is handed back to the session's
 * memory manager once its last consumer has run (2.4 GB peak for the same step), and the gradients
 * are bit-identical ({@code SameDiffGradientsTest}).
 *
 * <p>Memory manager: {@link #defaultManager()}, installed per thread by {@link SessionMemory}.
 */
public final class SameDiffGradients {
    /** Name of SameDiff's gradient function. */
    public static final String GRAD_FUNCTION = "grad";
    /** System property: bytes of released arrays the gradient session may keep for reuse (0: free at once). */
    public static final String CACHE_PROPERTY = "dit.gradCacheBytes";
    /** Default of {@link #CACHE_PROPERTY}: free at once, the lowest peak (bench/NOTES.md). */
    public static final long DEFAULT_CACHE_BYTES = 0;

    private SameDiffGradients() {
    }

    /**
     * As {@code sd.calculateGradientsAndOutputs(placeholders, outputs, wrt)}, releasing intermediates.
     * The gradient function's session on this thread gets {@link #defaultManager()} unless it already
     * has a {@link PooledMemoryMgr} (install another with {@link SessionMemory#install}).
     */
    public static OutAndGrad outputsAndGradients(SameDiff sd, Map<String, INDArray> placeholders,
            Collection<String> outputs, Collection<String> wrt) {
        SameDiffQuiet.createGradFunction(sd);
        SameDiff grad = sd.getFunction(GRAD_FUNCTION);
        grad.setEnableCache(true);
        SessionMemory.ensurePooled(grad, SameDiffGradients::defaultManager);
        List<String> names = new ArrayList<>(outputs);
        Map<String, String> gradNames = new LinkedHashMap<>();
        for (String v : wrt) {
            if (sd.getVariable(v) == null || sd.getVariable(v).getGradient() == null) {
                throw new IllegalArgumentException("no gradient for variable " + v);
            }
            gradNames.put(v, sd.getVariable(v).getGradient().name());
        }
        names.addAll(gradNames.values());
        Map<String, INDArray> all = grad.output(placeholders, names.toArray(new String[0]));
        Map<String, INDArray> outs = new LinkedHashMap<>();
        outputs.forEach(o -> outs.put(o, all.get(o)));
        Map<String, INDArray> grads = new LinkedHashMap<>();
        gradNames.forEach((v, g) -> grads.put(v, all.get(g)));
        return new OutAndGrad(outs, grads);
    }

    /**
     * A {@link PooledMemoryMgr} keeping {@link #CACHE_PROPERTY} bytes (default 0: every released
     * array is freed at once). Measured for DiT-S/2 at batch 8 (bench/NOTES.md): freeing at once
     * peaks at about 3.5 GB RSS; a 4 GiB pool at 4.2 GB for about 7 % less time per step; M2.1's own
     * {@code ArrayCacheMemoryMgr} grew past its cap (7.5 GB in three steps with a 256 MB cap).
     */
    public static PooledMemoryMgr defaultManager() {
        return new PooledMemoryMgr(Math.max(0, Long.getLong(CACHE_PROPERTY, DEFAULT_CACHE_BYTES)));
    }
}
