package org.ditjava.data;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.NoSuchElementException;
import org.datavec.api.conf.Configuration;
import org.datavec.api.records.Record;
import org.datavec.api.records.listener.RecordListener;
import org.datavec.api.records.metadata.RecordMetaData;
import org.datavec.api.records.metadata.RecordMetaDataURI;
import org.datavec.api.records.reader.RecordReader;
import org.datavec.api.split.InputSplit;
import org.datavec.api.writable.IntWritable;
import org.datavec.api.writable.NDArrayWritable;
import org.datavec.api.writable.Writable;
import org.datavec.api.writable.batch.NDArrayRecordBatch;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A DataVec {@link RecordReader} over an {@link ImageFolderSplit}, backed by an {@link ImageLoader}
 * (parallel decoding, seeded shuffle and flips, PIL-exact ADM crops) instead of
 * {@code datavec-data-image}'s OpenCV-based {@code ImageRecordReader}.
 *
 * <p>Record layout as {@code ImageRecordReader}'s: {@link #next()} gives {@code [NDArrayWritable
 * (1, 3, S, S), IntWritable label]}; {@link #next(int)} gives an {@link NDArrayRecordBatch} of
 * {@code [(N, 3, S, S) float32, (N, 1) int64 labels]} (class indices, as DiT's {@code y}, not one-hot).
 * {@link #reset()} moves on to the next epoch (a new shuffle of the same seed); {@link #seek} resumes
 * at a saved {@link Cursor}. The final short batch is kept ({@code dropLast} is ignored here).
 */
public final class ImageFolderRecordReader implements RecordReader {
    private static final long serialVersionUID = 1L;

    private final LoaderConfig config;
    private transient ImageFolder folder;
    private transient ImageLoader loader;
    private Cursor cursor = Cursor.start();
    private List<RecordListener> listeners = new ArrayList<>();
    private Configuration conf;

    public ImageFolderRecordReader(LoaderConfig config) {
        this.config = new LoaderConfig(config.imageSize(), config.batchSize(), config.seed(), config.shuffle(),
                config.flip(), false, config.threads(), config.prefetch());
    }

    @Override
    public void initialize(InputSplit split) {
        if (!(split instanceof ImageFolderSplit ifs)) {
            throw new IllegalArgumentException("ImageFolderRecordReader reads an ImageFolderSplit (torchvision listing rules, "
                    + "loop-safe walk), not a " + (split == null ? "null split" : split.getClass().getSimpleName()));
        }
        folder = ifs.folder();
        seek(Cursor.start());
    }

    @Override
    public void initialize(Configuration conf, InputSplit split) {
        setConf(conf);
        initialize(split);
    }

    /** Continues at {@code at} (a cursor saved from {@link #cursor()}). */
    public void seek(Cursor at) {
        requireInitialized();
        if (loader != null) {
            loader.close();
        }
        cursor = at;
        loader = ImageLoader.open(folder, config, at);
    }

    /** The position after the last record returned. */
    public Cursor cursor() {
        return cursor;
    }

    @Override
    public boolean batchesSupported() {
        return true;
    }

    @Override
    public List<List<Writable>> next(int num) {
        ImageBatch b = nextBatch(num);
        return new NDArrayRecordBatch(b.images(), b.labels().reshape(b.size(), 1));
    }

    @Override
    public List<Writable> next() {
        ImageBatch b = nextBatch(1);
        List<Writable> record = new ArrayList<>(2);
        record.add(new NDArrayWritable(b.images()));
        record.add(new IntWritable(b.labels().getInt(0)));
        return record;
    }

    private ImageBatch nextBatch(int num) {
        requireInitialized();
        ImageBatch b = loader.next(num);
        if (b == null) {
            throw new NoSuchElementException("no more images in epoch " + cursor.epoch() + "; call reset() for the next epoch");
        }
        cursor = b.next();
        for (RecordListener l : listeners) {
            l.recordRead(this, b.files().size() == 1 ? b.files().get(0).toUri() : b.files());
        }
        return b;
    }

    @Override
    public boolean hasNext() {
        requireInitialized();
        return loader.hasNext();
    }

    @Override
    public List<String> getLabels() {
        requireInitialized();
        return folder.classes();
    }

    /** Starts the next epoch (reshuffled with the same seed). */
    @Override
    public void reset() {
        seek(cursor.nextEpoch());
    }

    @Override
    public boolean resetSupported() {
        return true;
    }

    /** Decodes one image from a stream (center crop, no flip); the label comes from the parent folder's name. */
    @Override
    public List<Writable> record(URI uri, DataInputStream in) throws IOException {
        Path file = Path.of(uri);
        RgbImage crop = CenterCrop.apply(ImageDecoder.decode(in.readAllBytes(), file), config.imageSize());
        return single(crop, labelOf(file));
    }

    @Override
    public Record nextRecord() {
        ImageBatch b = nextBatch(1);
        List<Writable> record = List.of(new NDArrayWritable(b.images()), new IntWritable(b.labels().getInt(0)));
        return new org.datavec.api.records.impl.Record(new ArrayList<>(record),
                new RecordMetaDataURI(b.files().get(0).toUri(), ImageFolderRecordReader.class));
    }

    @Override
    public Record loadFromMetaData(RecordMetaData meta) {
        Path file = Path.of(meta.getURI());
        RgbImage crop = CenterCrop.apply(ImageDecoder.decode(file), config.imageSize());
        return new org.datavec.api.records.impl.Record(single(crop, labelOf(file)), meta);
    }

    @Override
    public List<Record> loadFromMetaData(List<RecordMetaData> metas) {
        List<Record> out = new ArrayList<>(metas.size());
        for (RecordMetaData m : metas) {
            out.add(loadFromMetaData(m));
        }
        return out;
    }

    private List<Writable> single(RgbImage crop, int label) {
        float[] chw = new float[3 * crop.width() * crop.height()];
        AdmTransform.toChw(crop, chw, 0);
        INDArray x = Nd4j.create(chw, new long[] {1, 3, crop.height(), crop.width()}, 'c');
        List<Writable> record = new ArrayList<>(2);
        record.add(new NDArrayWritable(x));
        record.add(new IntWritable(label));
        return record;
    }

    /** The class of a file under the root: its first folder below the root. */
    private int labelOf(Path file) {
        requireInitialized();
        Path root = folder.root().toAbsolutePath().normalize();
        Path abs = file.toAbsolutePath().normalize();
        int idx = abs.startsWith(root) && abs.getNameCount() > root.getNameCount() + 1
                ? folder.classes().indexOf(abs.getName(root.getNameCount()).toString()) : -1;
        if (idx < 0) {
            throw new BadInputException(file, "not inside a class folder of the dataset " + folder.root());
        }
        return idx;
    }

    @Override
    public List<RecordListener> getListeners() {
        return listeners;
    }

    @Override
    public void setListeners(RecordListener... listeners) {
        this.listeners = new ArrayList<>(List.of(listeners));
    }

    @Override
    public void setListeners(Collection<RecordListener> listeners) {
        this.listeners = new ArrayList<>(listeners);
    }

    @Override
    public void setConf(Configuration conf) {
        this.conf = conf;
    }

    @Override
    public Configuration getConf() {
        return conf;
    }

    @Override
    public void close() {
        if (loader != null) {
            loader.close();
            loader = null;
        }
    }

    private void requireInitialized() {
        if (folder == null) {
            throw new IllegalStateException("call initialize(ImageFolderSplit) first");
        }
    }
}
