package org.ditjava.io.torch;

import java.util.Arrays;
import org.ditjava.io.TensorInfo;

/**
 * A tensor as {@code torch._utils._rebuild_tensor_v2} describes it: a view of a storage with an
 * element offset, a shape and element strides. Nothing is read until {@link TorchCheckpoint#read}.
 *
 * @param storage the storage it views
 * @param offset  storage offset, in elements
 * @param shape   dimensions
 * @param stride  element strides, one per dimension
 */
public record TorchTensor(StorageRef storage, long offset, long[] shape, long[] stride) {

    public TorchTensor {
        shape = shape.clone();
        stride = stride.clone();
        if (shape.length != stride.length) {
            throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " and stride "
                    + Arrays.toString(stride) + " differ in rank");
        }
        if (offset < 0) {
            throw new IllegalArgumentException("negative storage offset " + offset);
        }
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] < 0 || stride[i] < 0) {
                throw new IllegalArgumentException("negative size or stride: shape " + Arrays.toString(shape)
                        + ", stride " + Arrays.toString(stride));
            }
        }
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    @Override
    public long[] stride() {
        return stride.clone();
    }

    /** Type and shape of the array {@link TorchCheckpoint#read} returns. */
    public TensorInfo info() {
        return new TensorInfo(storage.dtype().readAs(), shape);
    }

    /** Number of elements. */
    public long numElements() {
        long n = 1;
        for (long d : shape) {
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** One past the largest storage element this view touches (its offset when it is empty). */
    public long storageEnd() {
        if (numElements() == 0) {
            return offset;
        }
        long last = offset;
        for (int i = 0; i < shape.length; i++) {
            last = Math.addExact(last, Math.multiplyExact(shape[i] - 1, stride[i]));
        }
        return last + 1;
    }

    /** Whether the view is the C-order run of elements starting at {@link #offset}. */
    public boolean isContiguous() {
        long expected = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            if (shape[i] != 1 && stride[i] != expected) {
                return false;
            }
            expected *= shape[i];
        }
        return true;
    }
}
