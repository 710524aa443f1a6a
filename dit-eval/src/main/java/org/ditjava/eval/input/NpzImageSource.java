package org.ditjava.eval.input;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.ditjava.eval.features.ImageLayout;
import org.ditjava.io.ArrayInput;
import org.ditjava.io.DType;
import org.ditjava.io.NpzReader;
import org.ditjava.io.TensorFileException;
import org.ditjava.io.TensorInfo;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The images of an ADM-format {@code .npz} ({@code arr_0}: uint8 (N, H, W, 3), as {@code dit sample}
 * writes and as ADM's reference batches hold; (N, H, W, 1) and (N, H, W) grayscale are accepted),
 * streamed in row chunks like {@code StreamingNpzArrayReader} in guided-diffusion's
 * {@code evaluations/evaluator.py}.
 */
public final class NpzImageSource implements ImageSource {
    /** The array ADM's files keep the images in. */
    public static final String IMAGES = "arr_0";

    private final NpzReader npz;
    private final ArrayInput images;
    private final long count;
    private long read;

    private NpzImageSource(NpzReader npz, ArrayInput images) {
        this.npz = npz;
        this.images = images;
        this.count = images.info().shape()[0];
    }

    /** Opens {@code file}, checking {@code arr_0}'s type and shape; errors name the file. */
    public static NpzImageSource open(Path file) throws IOException {
        NpzReader npz = NpzReader.open(file);
        try {
            if (!npz.contains(IMAGES)) {
                throw new TensorFileException(file, null, "no '" + IMAGES + "' array (ADM-format sample / reference files keep uint8 (N, H, W, 3) images there); arrays: " + npz.names());
            }
            requireImages(file, npz.info(IMAGES));
            return new NpzImageSource(npz, npz.stream(IMAGES));
        } catch (IOException | RuntimeException e) {
            npz.close();
            throw e;
        }
    }

    static void requireImages(Path file, TensorInfo info) throws TensorFileException {
        if (info.dtype() != DType.UINT8) {
            throw new TensorFileException(file, IMAGES, "images must be uint8 (0..255), got " + info.dtype().name().toLowerCase(java.util.Locale.ROOT));
        }
        long[] s = info.shape();
        boolean gray = s.length == 3;
        boolean nhwc = s.length == 4 && (s[3] == 1 || s[3] == 3);
        if (!gray && !nhwc) {
            throw new TensorFileException(file, IMAGES, "images must be (N, H, W, 3), (N, H, W, 1) or (N, H, W), got " + Arrays.toString(s)
                    + (s.length == 4 ? " (" + s[3] + " channels)" : ""));
        }
        if (s[0] == 0) {
            throw new TensorFileException(file, IMAGES, "holds no images");
        }
    }

    @Override
    public Path path() {
        return npz.file();
    }

    @Override
    public long count() {
        return count;
    }

    @Override
    public ImageLayout layout() {
        return ImageLayout.NHWC;
    }

    @Override
    public INDArray next(int max) throws IOException {
        if (read >= count) {
            return null;
        }
        long n = Math.min(max, count - read);
        INDArray batch = images.readRows(n);
        read += n;
        return batch.rank() == 3 ? batch.reshape(n, batch.size(1), batch.size(2), 1) : batch;
    }

    @Override
    public void close() throws IOException {
        try {
            images.close();
        } finally {
            npz.close();
        }
    }
}
