package org.ditjava.eval;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Squared Euclidean distances between blocks of feature rows,
 * {@code max(‖u‖² − 2 u·v + ‖v‖², 0)} in float32, as {@code _batch_pairwise_distances} in
 * guided-diffusion's {@code evaluations/evaluator.py} (no square root).
 *
 * <p>Deliberate deviation: ADM casts both blocks to float16 for this product on the GPU (falling
 * back to float32 only when the float16 result is not finite); here it is always float32, the
 * suite's fallback arithmetic, so points within float16 rounding of a radius may be classified
 * differently from real ADM runs.
 */
final class PairwiseDistances {
    private final INDArray features;
    private final float[] norms;

    /** Wraps a float32 (N, D) feature matrix and precomputes its squared row norms. */
    PairwiseDistances(INDArray features) {
        this.features = HostData.contiguous(features, DataType.FLOAT);
        INDArray sq = this.features.mul(this.features).sum(1);
        this.norms = sq.toFloatVector();
    }

    /** Rows N. */
    int rows() {
        return (int) features.rows();
    }

    /** A distance block between rows {@code [r0, r1)} of this set and rows {@code [c0, c1)} of {@code other}. */
    Block block(int r0, int r1, PairwiseDistances other, int c0, int c1) {
        INDArray u = features.get(NDArrayIndex.interval(r0, r1), NDArrayIndex.all()).dup('c');
        INDArray v = other.features.get(NDArrayIndex.interval(c0, c1), NDArrayIndex.all()).dup('c');
        INDArray dot = Nd4j.create(DataType.FLOAT, new long[] {r1 - r0, c1 - c0}, 'f');
        Nd4j.gemm(u, v, dot, false, true, 1.0, 0.0);
        FloatBuffer values = dot.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        return new Block(values, r0, r1, c0, c1, norms, other.norms);
    }

    /** One (r1−r0) × (c1−c0) block; {@link #at} gives the distance of global rows (i, j). */
    static final class Block {
        private final FloatBuffer dot;
        private final int r0;
        private final int rows;
        private final int c0;
        private final int c1;
        private final float[] nu;
        private final float[] nv;

        Block(FloatBuffer dot, int r0, int r1, int c0, int c1, float[] nu, float[] nv) {
            this.dot = dot;
            this.r0 = r0;
            this.rows = r1 - r0;
            this.c0 = c0;
            this.c1 = c1;
            this.nu = nu;
            this.nv = nv;
        }

        int r0() {
            return r0;
        }

        int r1() {
            return r0 + rows;
        }

        int c0() {
            return c0;
        }

        int c1() {
            return c1;
        }

        /** The squared distance between row i of the first set and row j of the second (global indices). */
        float at(int i, int j) {
            float g = dot.get((j - c0) * rows + (i - r0));
            float d = (nu[i] - 2f * g) + nv[j];
            return d > 0f ? d : 0f;
        }
    }
}
