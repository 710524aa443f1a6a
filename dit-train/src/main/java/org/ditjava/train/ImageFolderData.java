package org.ditjava.train;

import java.util.List;
import org.ditjava.data.BadInputPolicy;
import org.ditjava.data.Cursor;
import org.ditjava.data.ImageBatch;
import org.ditjava.data.ImageFolder;
import org.ditjava.data.ImageLoader;
import org.ditjava.data.LoaderConfig;
import org.ditjava.data.TruncationScan;

/**
 * Batches from an ImageNet-style folder through dit-data's {@link ImageLoader} (ADM center crop,
 * seeded flips, parallel decoding), one loader per epoch; pixel space (3 × S × S in [−1, 1]).
 */
final class ImageFolderData implements TrainingData {
    private final ImageFolder folder;
    private final LoaderConfig config;
    private ImageLoader loader;
    private long epoch;

    private ImageFolderData(ImageFolder folder, LoaderConfig config, Cursor from) {
        this.folder = folder;
        this.config = config;
        this.epoch = from.epoch();
        this.loader = ImageLoader.open(folder, config, from);
    }

    /**
     * Lists the folder under {@code policy} and checks every JPEG and PNG for truncation before any
     * training ({@link TruncationScan}): under {@code FAIL} a bad file stops the run here, under
     * {@code SKIP} it is logged now and left out of every batch (the same way on resume).
     */
    static ImageFolderData open(DataSpec spec, int batchSize, long seed, Cursor from, BadInputPolicy policy) {
        ImageFolder folder = ImageFolder.scan(spec.dir(), policy);
        TruncationScan.scan(folder);
        if (folder.size() < batchSize) {
            throw new IllegalArgumentException(spec.dir() + " holds " + folder.size() + " images, fewer than a batch of " + batchSize);
        }
        LoaderConfig c = LoaderConfig.training(spec.imageSize(), batchSize, seed);
        LoaderConfig config = new LoaderConfig(c.imageSize(), c.batchSize(), c.seed(), true, spec.flip(), true,
                c.threads(), c.prefetch());
        return new ImageFolderData(folder, config, from);
    }

    @Override
    public long[] sampleShape() {
        return new long[] {3, config.imageSize(), config.imageSize()};
    }

    @Override
    public List<String> classes() {
        return folder.classes();
    }

    @Override
    public long size() {
        return folder.size();
    }

    @Override
    public TrainingBatch next() {
        if (!loader.hasNext()) {
            loader.close();
            epoch++;
            loader = ImageLoader.open(folder, config, new Cursor(epoch, 0));
        }
        ImageBatch b = loader.next();
        return new TrainingBatch(b.images(), b.labels(), b.next());
    }

    @Override
    public void close() {
        loader.close();
    }
}
