package org.ditjava.train;

import java.util.List;
import org.ditjava.data.Cursor;
import org.ditjava.data.LabeledImages;
import org.ditjava.data.SeededOrder;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Batches from a dataset held in memory (Fashion-MNIST, test data): each epoch a seeded permutation
 * ({@link SeededOrder}), each sample mirrored with p = 0.5 when flips are on, the last short batch of
 * an epoch dropped.
 */
public final class InMemoryData implements TrainingData {
    private final float[] pixels;
    private final long[] labels;
    private final long[] shape;
    private final int per;
    private final int batchSize;
    private final long seed;
    private final boolean flip;
    private final List<String> classes;
    private long epoch;
    private int position;
    private int[] order;

    public InMemoryData(LabeledImages data, int batchSize, long seed, boolean flip, Cursor from) {
        if (batchSize <= 0 || batchSize > data.size()) {
            throw new IllegalArgumentException("batch size " + batchSize + " does not fit a dataset of " + data.size());
        }
        INDArray images = data.images();
        this.shape = new long[] {images.size(1), images.size(2), images.size(3)};
        this.per = (int) (shape[0] * shape[1] * shape[2]);
        this.pixels = images.castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT).dup('c').data().asFloat();
        this.labels = data.labels().castTo(org.nd4j.linalg.api.buffer.DataType.INT64).data().asLong();
        this.classes = data.classes();
        this.batchSize = batchSize;
        this.seed = seed;
        this.flip = flip;
        this.epoch = from.epoch();
        this.position = from.position();
        this.order = SeededOrder.permutation(seed, epoch, labels.length);
    }

    @Override
    public long[] sampleShape() {
        return shape.clone();
    }

    @Override
    public List<String> classes() {
        return classes;
    }

    @Override
    public long size() {
        return labels.length;
    }

    @Override
    public TrainingBatch next() {
        if (position + batchSize > order.length) {
            epoch++;
            position = 0;
            order = SeededOrder.permutation(seed, epoch, labels.length);
        }
        float[] x = new float[batchSize * per];
        long[] y = new long[batchSize];
        for (int i = 0; i < batchSize; i++) {
            int index = order[position + i];
            copy(index, flip && SeededOrder.flip(seed, epoch, index), x, i * per);
            y[i] = labels[index];
        }
        position += batchSize;
        return new TrainingBatch(Nd4j.create(x, new long[] {batchSize, shape[0], shape[1], shape[2]}, 'c'),
                Nd4j.createFromArray(y), new Cursor(epoch, position));
    }

    /** Sample {@code index} into {@code dst} at {@code offset}, mirrored left-right when asked. */
    private void copy(int index, boolean mirrored, float[] dst, int offset) {
        int src = index * per;
        if (!mirrored) {
            System.arraycopy(pixels, src, dst, offset, per);
            return;
        }
        int w = (int) shape[2];
        for (int row = 0; row < per / w; row++) {
            for (int col = 0; col < w; col++) {
                dst[offset + row * w + col] = pixels[src + row * w + (w - 1 - col)];
            }
        }
    }

    @Override
    public void close() {
    }
}
