package org.ditjava.data;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.WritableRaster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;

/** Small synthetic images and dataset trees for the tests. */
final class TestImages {

    private TestImages() {
    }

    /** A deterministic RGB picture: gradients plus a seeded pattern, so every file differs. */
    static BufferedImage picture(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        long s = seed * 0x9E3779B97F4A7C15L + 1;
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                s = SeededOrder.mix(s);
                int r = (x * 255 / Math.max(1, w - 1) + (int) (s & 31)) & 0xFF;
                int g = (y * 255 / Math.max(1, h - 1) + (int) ((s >> 8) & 31)) & 0xFF;
                int b = (int) ((seed * 37 + (x ^ y)) & 0xFF);
                img.setRGB(x, y, (r << 16) | (g << 8) | b);
            }
        }
        return img;
    }

    static Path png(Path file, int w, int h, long seed) {
        return write(picture(w, h, seed), "png", file);
    }

    static Path jpeg(Path file, int w, int h, long seed) {
        return write(picture(w, h, seed), "jpeg", file);
    }

    static Path write(BufferedImage img, String format, Path file) {
        try {
            Files.createDirectories(file.getParent());
            if (!ImageIO.write(img, format, file.toFile())) {
                throw new IllegalStateException("no ImageIO writer for " + format);
            }
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Keeps the first {@code fraction} of the file's bytes. */
    static Path truncate(Path file, double fraction) {
        try {
            byte[] all = Files.readAllBytes(file);
            Files.write(file, Arrays.copyOf(all, (int) (all.length * fraction)));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A CMYK JPEG with an Adobe marker (the kind the JDK's own reader rejects), K = {@code k}, C = {@code c} on the right half. */
    static Path cmykJpeg(Path file, int w, int h, int c, int k) {
        ColorSpace cs = com.twelvemonkeys.imageio.color.ColorSpaces.getColorSpace(
                com.twelvemonkeys.imageio.color.ColorSpaces.CS_GENERIC_CMYK);
        ComponentColorModel cm = new ComponentColorModel(cs, false, false, ColorModel.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(w, h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setPixel(x, y, new int[] {x < w / 2 ? 0 : c, 0, 0, k});
            }
        }
        return write(new BufferedImage(cm, raster, false, null), "jpeg", file);
    }

    /** {@code root/<class>/img<i>.png} for each class, {@code perClass} small PNGs each. */
    static Path tree(Path root, int perClass, String... classes) {
        long seed = 1;
        for (String cls : classes) {
            for (int i = 0; i < perClass; i++) {
                png(root.resolve(cls).resolve("img" + i + ".png"), 24 + i % 3 * 5, 20 + i % 2 * 7, seed++);
            }
        }
        return root;
    }
}
