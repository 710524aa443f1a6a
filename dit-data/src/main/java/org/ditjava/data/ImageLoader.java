package org.ditjava.data;

import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One epoch of an {@link ImageFolder} as NCHW float batches, decoded and preprocessed
 * ({@link AdmTransform}) by worker threads. Determinism does not depend on the threads: the order is
 * the epoch's seeded permutation, each flip a function of (seed, epoch, image), and results are
 * consumed in submission order from a queue of at most {@code prefetch} images decoded ahead (besides
 * those of the batch being assembled).
 *
 * <p>A bad file found while decoding goes to the folder's {@link BadInputLog}: under {@code FAIL}
 * {@link #next()} throws its {@link BadInputException}; under {@code SKIP} the batch is filled with
 * the following images. Every batch carries the {@link Cursor} after it; a loader opened at that
 * cursor yields exactly the batches that would have followed. Not thread-safe; close it to stop the
 * workers.
 */
public final class ImageLoader implements Iterator<ImageBatch>, AutoCloseable {
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final ImageFolder folder;
    private final LoaderConfig config;
    private final long epoch;
    private final int[] order;
    private final ExecutorService pool;
    private final ArrayDeque<Future<Decoded>> inFlight = new ArrayDeque<>();
    private final ArrayDeque<Decoded> ready = new ArrayDeque<>();
    private int submitted;

    /** A decoded image (or why it could not be) at one position of the epoch's order. */
    private record Decoded(int position, Sample sample, boolean flip, RgbImage image, BadInputException error) {
    }

    private ImageLoader(ImageFolder folder, LoaderConfig config, Cursor from) {
        this.folder = folder;
        this.config = config;
        this.epoch = from.epoch();
        this.order = config.shuffle() ? SeededOrder.permutation(config.seed(), epoch, folder.size()) : identity(folder.size());
        if (from.position() > order.length) {
            throw new IllegalArgumentException("cursor position " + from.position() + " is past the end of an epoch of "
                    + order.length + " images");
        }
        this.submitted = from.position();
        int id = POOLS.incrementAndGet();
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(config.threads(), r -> {
            Thread t = new Thread(r, "dit-data-" + id + "-decode-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Epoch 0 from the start. */
    public static ImageLoader open(ImageFolder folder, LoaderConfig config) {
        return open(folder, config, Cursor.start());
    }

    /** The rest of {@code from.epoch()}, starting at {@code from.position()}. */
    public static ImageLoader open(ImageFolder folder, LoaderConfig config, Cursor from) {
        return new ImageLoader(folder, config, from);
    }

    /** Whether another batch follows (under {@code dropLast}: another full batch). May decode ahead. */
    @Override
    public boolean hasNext() {
        int need = config.dropLast() ? config.batchSize() : 1;
        fill(need);
        return ready.size() >= need;
    }

    /** The next batch of {@code batchSize} images (fewer only at the end of the epoch). */
    @Override
    public ImageBatch next() {
        if (!hasNext()) {
            throw new NoSuchElementException("epoch " + epoch + " is finished");
        }
        return take(config.batchSize());
    }

    /** Up to {@code max} images regardless of the configured batch size, or {@code null} at the end of the epoch. */
    public ImageBatch next(int max) {
        if (max <= 0) {
            throw new IllegalArgumentException("batch size must be positive, got " + max);
        }
        fill(1);
        return ready.isEmpty() ? null : take(max);
    }

    private ImageBatch take(int max) {
        fill(max);
        List<Decoded> items = new ArrayList<>();
        while (items.size() < max && !ready.isEmpty()) {
            items.add(ready.poll());
        }
        return assemble(items);
    }

    /** Moves decoded images into {@code ready} until it holds {@code count} or the epoch runs out. */
    private void fill(int count) {
        while (ready.size() < count) {
            topUp();
            Future<Decoded> head = inFlight.poll();
            if (head == null) {
                return;
            }
            Decoded d = await(head);
            topUp();
            if (d.error != null) {
                folder.badInputs().reject(d.error);
            } else {
                ready.add(d);
            }
        }
    }

    private void topUp() {
        while (inFlight.size() < config.prefetch() && submitted < order.length) {
            int position = submitted++;
            inFlight.add(pool.submit(() -> decode(position)));
        }
    }

    private Decoded decode(int position) {
        Sample sample = folder.sample(order[position]);
        boolean flip = config.flip() && SeededOrder.flip(config.seed(), epoch, order[position]);
        try {
            return new Decoded(position, sample, flip, AdmTransform.load(sample.file(), config.imageSize(), flip), null);
        } catch (BadInputException e) {
            return new Decoded(position, sample, flip, null, e);
        } catch (RuntimeException e) {
            return new Decoded(position, sample, flip, null, new BadInputException(sample.file(), "cannot decode: " + e, e));
        }
    }

    private static Decoded await(Future<Decoded> f) {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a decoded image", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("decoder worker failed", e.getCause());
        }
    }

    private ImageBatch assemble(List<Decoded> items) {
        int n = items.size();
        int s = config.imageSize();
        int per = 3 * s * s;
        INDArray images = Nd4j.createUninitialized(DataType.FLOAT, n, 3, s, s);
        FloatBuffer dst = images.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        float[] chw = new float[per];
        long[] labels = new long[n];
        List<Path> files = new ArrayList<>(n);
        boolean[] flipped = new boolean[n];
        for (int i = 0; i < n; i++) {
            Decoded d = items.get(i);
            AdmTransform.toChw(d.image, chw, 0);
            dst.position(i * per);
            dst.put(chw);
            labels[i] = d.sample.label();
            files.add(d.sample.file());
            flipped[i] = d.flip;
        }
        Nd4j.getAffinityManager().tagLocation(images, AffinityManager.Location.HOST);
        Cursor next = new Cursor(epoch, items.get(n - 1).position + 1);
        return new ImageBatch(images, Nd4j.createFromArray(labels), files, flipped, next);
    }

    private static int[] identity(int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        return order;
    }

    /** Cancels pending decodes and stops the workers. */
    @Override
    public void close() {
        inFlight.forEach(f -> f.cancel(true));
        inFlight.clear();
        ready.clear();
        pool.shutdownNow();
    }
}
