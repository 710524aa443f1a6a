package org.ditjava.model;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.internal.memory.AbstractMemoryMgr;
import org.nd4j.linalg.api.buffer.DataBuffer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.LongShapeDescriptor;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A SameDiff session memory manager that keeps the buffers of released arrays, up to a byte cap,
 * and hands them out again for arrays of the same type and length, so a repeated computation (a
 * training step, a sampling step) stops faulting in fresh pages: on this machine's VM a fresh
 * 12 MB output costs about 6 ms of page faults, as much as the element-wise op that fills it.
 * Past the cap (0 by default for training: the lowest peak) a released array is freed at once.
 *
 * <p>Only whole, closeable arrays are pooled (never views), and a pooled buffer belongs to nobody
 * until it is handed out again. Not thread-safe: one manager per session (per thread).
 */
public final class PooledMemoryMgr extends AbstractMemoryMgr {
    private final long capBytes;
    private final Map<String, ArrayDeque<DataBuffer>> free = new HashMap<>();
    private long pooledBytes;

    /** A pool holding at most {@code capBytes} of released buffers. */
    public PooledMemoryMgr(long capBytes) {
        if (capBytes < 0) {
            throw new IllegalArgumentException("pool cap must be >= 0, got " + capBytes);
        }
        this.capBytes = capBytes;
    }

    @Override
    public INDArray allocate(boolean detached, DataType dataType, long... shape) {
        return allocate(dataType, 'c', shape);
    }

    @Override
    public INDArray allocate(boolean detached, LongShapeDescriptor descriptor) {
        if (descriptor.isEmpty()) {
            return Nd4j.create(descriptor);
        }
        return allocate(descriptor.dataType(), descriptor.getOrder(), descriptor.getShape());
    }

    private INDArray allocate(DataType dataType, char order, long[] shape) {
        long length = 1;
        for (long s : shape) {
            length *= s;
        }
        ArrayDeque<DataBuffer> q = free.get(key(dataType, length));
        DataBuffer buffer = q == null ? null : q.poll();
        if (buffer == null || length == 0) {
            return Nd4j.createUninitializedDetached(dataType, order, shape);
        }
        pooledBytes -= length * dataType.width();
        return Nd4j.create(buffer, shape, Nd4j.getStrides(shape, order), 0, order, dataType);
    }

    @Override
    public void release(INDArray array) {
        if (array.isEmpty() || array.wasClosed()) {
            return;
        }
        long bytes = array.length() * array.dataType().width();
        boolean whole = array.closeable() && !array.isView() && array.data().length() == array.length();
        if (whole && pooledBytes + bytes <= capBytes) {
            free.computeIfAbsent(key(array.dataType(), array.length()), k -> new ArrayDeque<>()).push(array.data());
            pooledBytes += bytes;
        } else if (array.closeable()) {
            array.close();
        }
    }

    @Override
    public void close() {
        free.values().forEach(q -> q.forEach(DataBuffer::destroy));
        free.clear();
        pooledBytes = 0;
    }

    private static String key(DataType dataType, long length) {
        return dataType.name() + ':' + length;
    }
}
