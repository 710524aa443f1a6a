package org.ditjava.io;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Moves little-endian element bytes in and out of ND4J arrays without per-element Java loops.
 * On the CUDA backend the host copy is tagged / synchronised through the affinity manager.
 */
final class HostArrays {
    /** The largest array this class builds in one piece (a {@link ByteBuffer} is int-indexed). */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private HostArrays() {
    }

    /** A new array of {@code info}'s type and shape (C order) filled from {@code src}'s remaining bytes. */
    static INDArray toNd4j(TensorInfo info, boolean fortranOrder, ByteBuffer src) {
        long[] shape = info.shape();
        if (info.numElements() == 0) {
            return Nd4j.create(info.dtype().nd4j(), shape);
        }
        INDArray arr = Nd4j.createUninitialized(info.dtype().nd4j(), shape, fortranOrder ? 'f' : 'c');
        ByteBuffer dst = arr.data().asNio().order(ByteOrder.LITTLE_ENDIAN);
        dst.position(0).limit((int) info.numBytes());
        ByteBuffer in = src.slice().order(ByteOrder.LITTLE_ENDIAN);
        in.limit((int) info.numBytes());
        requireLittleEndianHost();
        dst.put(in);
        Nd4j.getAffinityManager().tagLocation(arr, AffinityManager.Location.HOST);
        return fortranOrder ? arr.dup('c') : arr;
    }

    /** The C-order, little-endian element bytes of {@code arr} (shares memory when it can). */
    static ByteBuffer bytesOf(INDArray arr) {
        TensorInfo info = infoOf(arr);
        if (info.numElements() == 0) {
            return ByteBuffer.allocate(0);
        }
        if (info.numBytes() > MAX_BYTES) {
            throw new IllegalArgumentException("array of " + info + " is over 2 GiB; write it in chunks");
        }
        INDArray c = arr.ordering() == 'c' && !arr.isView() && arr.data().length() == arr.length() ? arr : arr.dup('c');
        Nd4j.getAffinityManager().ensureLocation(c, AffinityManager.Location.HOST);
        requireLittleEndianHost();
        ByteBuffer bb = c.data().asNio().duplicate().order(ByteOrder.LITTLE_ENDIAN);
        bb.position(0).limit((int) info.numBytes());
        return bb.slice().order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The stored type and shape of {@code arr}. */
    static TensorInfo infoOf(INDArray arr) {
        return new TensorInfo(DType.of(arr.dataType()), arr.shape());
    }

    private static void requireLittleEndianHost() {
        if (ByteOrder.nativeOrder() != ByteOrder.LITTLE_ENDIAN) {
            throw new UnsupportedOperationException("tensor files need a little-endian host");
        }
    }
}
