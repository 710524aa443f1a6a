package org.ditjava.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The mixing of official {@code DiT.forward_with_cfg} (models.py; Ho &amp; Salimans' classifier-free
 * guidance, paper §4 "Classifier-free guidance"): a batch of 2B rows whose first B are conditional and
 * last B unconditional becomes ε̂ = ε_u + s·(ε_c − ε_u) on the guided channels, written to both
 * halves; the remaining channels pass through from their own rows.
 */
public final class ClassifierFreeGuidance {
    private ClassifierFreeGuidance() {
    }

    /** cat([x[:B], x[:B]]): the first half of an even batch, twice (the second half is ignored). */
    public static INDArray duplicateFirstHalf(INDArray x) {
        long half = evenHalf(x);
        INDArray first = x.dup('c').get(range(x.rank(), 0, half, -1, -1)).dup();
        return Nd4j.concat(0, first, first);
    }

    /** Guided output from the raw (2B, outC, H, W) model output; {@code guided} leading channels are mixed. */
    public static INDArray combine(INDArray raw, double scale, int guided) {
        long half = evenHalf(raw);
        int r = raw.rank();
        INDArray out = raw.dup('c');                                                    // (2B, outC, H, W)
        INDArray cond = out.get(range(r, 0, half, 0, guided)).dup();                    // (B, g, H, W)
        INDArray uncond = out.get(range(r, half, 2 * half, 0, guided)).dup();           // (B, g, H, W)
        INDArray mixed = uncond.add(cond.sub(uncond).muli(scale));                      // (B, g, H, W)
        out.get(range(r, 0, half, 0, guided)).assign(mixed);
        out.get(range(r, half, 2 * half, 0, guided)).assign(mixed);
        return out;
    }

    /**
     * Indices for every axis: rows [r0, r1), channels [c0, c1) (all when c0 &lt; 0), the rest whole.
     * Always applied to a fresh C-order array: in ND4J M2.1, {@code v.get(interval(4, 8))} on a view
     * {@code v = a.get(all(), interval(0, 3))} returns a rank-0 array (an interval starting at 0 works).
     */
    private static INDArrayIndex[] range(int rank, long r0, long r1, long c0, long c1) {
        INDArrayIndex[] idx = new INDArrayIndex[rank];
        for (int i = 0; i < rank; i++) {
            idx[i] = NDArrayIndex.all();
        }
        idx[0] = NDArrayIndex.interval(r0, r1);
        if (c0 >= 0) {
            idx[1] = NDArrayIndex.interval(c0, c1);
        }
        return idx;
    }

    private static long evenHalf(INDArray x) {
        long n = x.size(0);
        if (n % 2 != 0) {
            throw new IllegalArgumentException("classifier-free guidance needs an even batch (conditional half, "
                    + "then null-label half); got " + n);
        }
        return n / 2;
    }
}
