package org.ditjava.data;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017; zalandoresearch/fashion-mnist), the real dataset of
 * laptop-sized runs, from its four IDX files (gzipped or not). Default location
 * {@value #DEFAULT_DIR} (Debian package {@code dataset-fashion-mnist}); the environment variable
 * {@value #ENV} or an explicit folder overrides it. Images become (N, 1, 28, 28) float32 in [−1, 1]
 * ({@code (v / 255 − 0.5) / 0.5}, as {@code ToTensor} + {@code Normalize(0.5, 0.5)}), or
 * (N, 1, 32, 32) with a 2-pixel border of −1 (the background colour) so a patch size of 2, 4 or 8 divides them.
 */
public final class FashionMnist {
    /** Where the Debian package installs the files. */
    public static final String DEFAULT_DIR = "/usr/share/datasets/fashion-mnist";
    /** Environment variable naming another folder. */
    public static final String ENV = "DIT_FASHION_MNIST_DIR";
    /** Class names, indexed by label. */
    public static final List<String> CLASSES = List.of("T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
            "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot");
    private static final int SIDE = 28;

    /** The two splits and their file-name prefixes. */
    public enum Split {
        TRAIN("train"), TEST("t10k");

        private final String prefix;

        Split(String prefix) {
            this.prefix = prefix;
        }
    }

    /** Image layout. */
    public enum Layout {
        /** 1 × 28 × 28 as stored. */
        SIZE_28(28),
        /** 1 × 32 × 32: padded by 2 pixels of background on every side. */
        PADDED_32(32);

        private final int side;

        Layout(int side) {
            this.side = side;
        }

        /** Side of the output images. */
        public int side() {
            return side;
        }
    }

    private FashionMnist() {
    }

    /** The folder to read: {@value #ENV} if set, else {@value #DEFAULT_DIR}. */
    public static Path defaultDir() {
        String env = System.getenv(ENV);
        return Path.of(env == null || env.isBlank() ? DEFAULT_DIR : env);
    }

    /** Loads a split from {@link #defaultDir()}. */
    public static LabeledImages load(Split split, Layout layout) throws IOException {
        return load(defaultDir(), split, layout);
    }

    /** Loads a split from {@code dir}. */
    public static LabeledImages load(Path dir, Split split, Layout layout) throws IOException {
        IdxFile.Contents images = IdxFile.read(find(dir, split.prefix + "-images-idx3-ubyte"));
        IdxFile.Contents labels = IdxFile.read(find(dir, split.prefix + "-labels-idx1-ubyte"));
        int[] d = images.dims();
        if (d.length != 3 || d[1] != SIDE || d[2] != SIDE) {
            throw new IOException(dir + ": " + split.prefix + " images have shape " + Arrays.toString(d) + ", expected [N, 28, 28]");
        }
        if (labels.dims().length != 1 || labels.dims()[0] != d[0]) {
            throw new IOException(dir + ": " + d[0] + " " + split.prefix + " images but labels of shape " + Arrays.toString(labels.dims()));
        }
        long[] y = new long[d[0]];
        for (int i = 0; i < y.length; i++) {
            y[i] = labels.get(i);
            if (y[i] >= CLASSES.size()) {
                throw new IOException(dir + ": " + split.prefix + " label " + i + " is " + y[i] + ", outside 0..9");
            }
        }
        return new LabeledImages(toImages(images, d[0], layout), Nd4j.createFromArray(y), CLASSES);
    }

    private static INDArray toImages(IdxFile.Contents images, int n, Layout layout) {
        int side = layout.side();
        int pad = (side - SIDE) / 2;
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, n, 1, side, side);
        FloatBuffer dst = out.data().asNio().order(ByteOrder.nativeOrder()).asFloatBuffer();
        float[] img = new float[side * side];
        float background = AdmTransform.toUnit(0);
        for (int i = 0; i < n; i++) {
            Arrays.fill(img, background);
            for (int y = 0; y < SIDE; y++) {
                for (int x = 0; x < SIDE; x++) {
                    img[(y + pad) * side + x + pad] = AdmTransform.toUnit(images.get((i * SIDE + y) * SIDE + x));
                }
            }
            dst.put(img);
        }
        Nd4j.getAffinityManager().tagLocation(out, AffinityManager.Location.HOST);
        return out;
    }

    /** {@code name.gz} or {@code name} in {@code dir}, or an error saying how to get the files. */
    private static Path find(Path dir, String name) throws IOException {
        for (Path p : List.of(dir.resolve(name + ".gz"), dir.resolve(name))) {
            if (Files.isRegularFile(p)) {
                return p;
            }
        }
        List<String> missing = new ArrayList<>();
        for (Split s : Split.values()) {
            for (String kind : List.of("-images-idx3-ubyte", "-labels-idx1-ubyte")) {
                if (!Files.isRegularFile(dir.resolve(s.prefix + kind + ".gz")) && !Files.isRegularFile(dir.resolve(s.prefix + kind))) {
                    missing.add(s.prefix + kind + ".gz");
                }
            }
        }
        throw new FileNotFoundException("Fashion-MNIST not found in " + dir + " (missing " + String.join(", ", missing) + "). "
                + "Install it with `sudo apt-get install dataset-fashion-mnist` (Debian/Ubuntu; files go to " + DEFAULT_DIR
                + "), or download the four *-ubyte.gz files from https://github.com/zalandoresearch/fashion-mnist "
                + "(folder data/fashion) and point " + ENV + " or the command's option at their folder.");
    }
}
