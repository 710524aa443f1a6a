package org.ditjava.vae;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.ditjava.io.AtomicFile;
import org.ditjava.io.RgbPixels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 8-bit RGB image files ↔ (1, 3, H, W) float tensors in [−1, 1], the VAE's pixel convention
 * ({@code x / 127.5 − 1}; back with torchvision's {@code save_image} rounding). Pixels are read by
 * dit-io's {@link RgbPixels} as PIL's {@code convert("RGB")} reads them (grey as stored); alpha is ignored.
 */
public final class RgbImages {
    private RgbImages() {
    }

    /** Reads a PNG (or any format javax.imageio reads) as (1, 3, H, W) in [−1, 1]. */
    public static INDArray read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such image file");
        }
        BufferedImage img = ImageIO.read(file.toFile());
        if (img == null) {
            throw new IOException(file + ": not an image format javax.imageio can read (PNG, JPEG, BMP, GIF)");
        }
        int h = img.getHeight();
        int w = img.getWidth();
        byte[] rgb = RgbPixels.of(img);
        float[] v = new float[3 * h * w];
        int plane = h * w;
        for (int i = 0; i < plane; i++) {
            v[i] = (rgb[3 * i] & 0xff) / 127.5f - 1f;
            v[plane + i] = (rgb[3 * i + 1] & 0xff) / 127.5f - 1f;
            v[2 * plane + i] = (rgb[3 * i + 2] & 0xff) / 127.5f - 1f;
        }
        return Nd4j.create(v, new long[] {1, 3, h, w}, 'c');
    }

    /** Writes (3, H, W) or (1, 3, H, W) values in [−1, 1] (clamped) as an 8-bit RGB PNG, atomically. */
    public static void write(Path file, INDArray image) throws IOException {
        INDArray a = image.rank() == 4 && image.size(0) == 1 ? image.reshape(image.shape()[1], image.size(2), image.size(3)) : image;
        if (a.rank() != 3 || a.size(0) != 3) {
            throw new IllegalArgumentException(file + ": an image must be (3, H, W) or (1, 3, H, W), got " + Arrays.toString(image.shape()));
        }
        int h = (int) a.size(1);
        int w = (int) a.size(2);
        float[] v = a.castTo(DataType.FLOAT).dup('c').data().asFloat();
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        int plane = h * w;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                img.setRGB(x, y, (toByte(v[i]) << 16) | (toByte(v[plane + i]) << 8) | toByte(v[2 * plane + i]));
            }
        }
        try (AtomicFile out = AtomicFile.create(file)) {
            if (!ImageIO.write(img, "png", out.tempPath().toFile())) {
                throw new IOException(file + ": no PNG writer available");
            }
            out.commit();
        }
    }

    /** [−1, 1] → 0..255 as torchvision's save_image: clamp((x + 1) / 2 · 255 + 0.5) truncated. */
    static int toByte(float x) {
        double unit = Math.max(0, Math.min(1, (x + 1) / 2.0));
        return (int) Math.min(255, Math.floor(unit * 255 + 0.5));
    }
}
