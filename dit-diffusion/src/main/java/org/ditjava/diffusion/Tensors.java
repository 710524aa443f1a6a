package org.ditjava.diffusion;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.controlflow.Select;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Small tensor helpers shared by the diffusion classes (package-private). */
final class Tensors {

    private Tensors() {
    }

    /**
     * {@code _extract_into_tensor} of facebookresearch/DiT {@code diffusion/gaussian_diffusion.py}: the
     * float64 value {@code arr[t[i]]} of each sample, converted to float32 FIRST (as the reference does)
     * and shaped (N, 1, ..., 1) with the rank of {@code like}, to broadcast over C, H, W.
     */
    static INDArray extract(double[] arr, int[] t, INDArray like) {
        requireBatch(t, like);
        float[] values = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            if (t[i] < 0 || t[i] >= arr.length) {
                throw new IllegalArgumentException("timestep index " + t[i] + " outside [0, " + arr.length + ")");
            }
            values[i] = (float) arr[t[i]];
        }
        return perSample(values, like);
    }

    /** Per-sample float32 scalars shaped (N, 1, ..., 1) with the rank of {@code like}. */
    static INDArray perSample(float[] values, INDArray like) {
        long[] shape = new long[like.rank()];
        Arrays.fill(shape, 1L);
        shape[0] = values.length;
        return Nd4j.createFromArray(values).reshape(shape);   // (N, 1, ..., 1)
    }

    /** 1 where {@code t != 0}, else 0, shaped (N, 1, ..., 1): the reference's {@code nonzero_mask}. */
    static INDArray nonzeroMask(int[] t, INDArray like) {
        requireBatch(t, like);
        float[] mask = new float[t.length];
        for (int i = 0; i < t.length; i++) {
            mask[i] = t[i] != 0 ? 1f : 0f;
        }
        return perSample(mask, like);
    }

    /** Mean over every non-batch dimension: (N, ...) -> (N). The reference's {@code mean_flat}. */
    static INDArray meanFlat(INDArray x) {
        int[] dims = new int[x.rank() - 1];
        Arrays.setAll(dims, d -> d + 1);
        return x.mean(dims);
    }

    /** Elementwise {@code condition ? ifTrue : ifFalse} (condition BOOL, all three the same shape). */
    static INDArray select(INDArray condition, INDArray ifTrue, INDArray ifFalse) {
        return Nd4j.exec(new Select(new INDArray[] {condition, ifTrue, ifFalse}, new INDArray[0]))[0];
    }

    /** Per-sample choice: row i of {@code ifZero} where {@code t[i] == 0}, else row i of {@code otherwise}. */
    static INDArray whereTimestepZero(int[] t, INDArray ifZero, INDArray otherwise) {
        boolean[] zero = new boolean[t.length];
        for (int i = 0; i < t.length; i++) {
            zero[i] = t[i] == 0;
        }
        return select(Nd4j.createFromArray(zero).reshape(ifZero.shape()), ifZero, otherwise);
    }

    /** Channels [from, to) of an (N, C, ...) tensor. */
    static INDArray channels(INDArray x, long from, long to) {
        return block(x, 0, x.size(0), from, to);
    }

    /** Samples [from, to) of an (N, ...) tensor (any rank, labels and timesteps included). */
    static INDArray rows(INDArray x, long from, long to) {
        INDArrayIndex[] index = new INDArrayIndex[x.rank()];
        Arrays.fill(index, NDArrayIndex.all());
        index[0] = NDArrayIndex.interval(from, to);
        return viewable(x).get(index);
    }

    /** Samples [rowFrom, rowTo) and channels [channelFrom, channelTo) of an (N, C, ...) tensor, in one index. */
    static INDArray block(INDArray x, long rowFrom, long rowTo, long channelFrom, long channelTo) {
        INDArrayIndex[] index = new INDArrayIndex[x.rank()];
        Arrays.fill(index, NDArrayIndex.all());
        index[0] = NDArrayIndex.interval(rowFrom, rowTo);
        index[1] = NDArrayIndex.interval(channelFrom, channelTo);
        return viewable(x).get(index);
    }

    /**
     * {@code x}, or a copy when it is itself a view: ND4J 1.0.0-M2.1 can return an empty array when a row
     * interval is taken of a channel-sliced view, so slices are only ever taken of non-views.
     */
    private static INDArray viewable(INDArray x) {
        return x.isView() ? x.dup() : x;
    }

    /** A float32 copy of {@code x} broadcast to {@code shape}. */
    static INDArray broadcastTo(INDArray x, long[] shape) {
        return Nd4j.zeros(DataType.FLOAT, shape).addi(x);
    }

    private static void requireBatch(int[] t, INDArray like) {
        if (like.dataType() != DataType.FLOAT) {
            throw new IllegalArgumentException("diffusion tensors are float32, got " + like.dataType());
        }
        if (like.rank() < 2 || like.size(0) != t.length) {
            throw new IllegalArgumentException("expected a batch of " + t.length + " samples shaped (N, C, ...), got "
                    + Arrays.toString(like.shape()));
        }
    }
}
