package org.ditjava.train;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.ditjava.io.AtomicFile;

/**
 * A grid PNG of uint8 NHWC images (1 or 3 channels), {@code columns} per row, 2 pixels of black
 * between and around them as torchvision's {@code save_image} (DiT sample.py), optionally enlarged
 * by an integer factor (nearest neighbour) so 28-pixel images are visible. Written atomically.
 */
public final class ImageGrid {
    private static final int PAD = 2;

    private ImageGrid() {
    }

    /**
     * @param pixels  uint8 (N, H, W, C) row-major
     * @param count   images N
     * @param columns images per row
     * @param scale   enlargement factor (≥ 1)
     */
    public static BufferedImage compose(byte[] pixels, int count, int h, int w, int c, int columns, int scale) {
        if (c != 1 && c != 3) {
            throw new IllegalArgumentException("a grid needs 1 or 3 channels, got " + c);
        }
        int rows = (count + columns - 1) / columns;
        int cellH = h * scale + PAD;
        int cellW = w * scale + PAD;
        BufferedImage img = new BufferedImage(columns * cellW + PAD, rows * cellH + PAD, BufferedImage.TYPE_INT_RGB);
        for (int n = 0; n < count; n++) {
            int top = PAD + (n / columns) * cellH;
            int left = PAD + (n % columns) * cellW;
            for (int y = 0; y < h * scale; y++) {
                for (int x = 0; x < w * scale; x++) {
                    int base = ((n * h + y / scale) * w + x / scale) * c;
                    int r = pixels[base] & 0xFF;
                    int g = c == 3 ? pixels[base + 1] & 0xFF : r;
                    int b = c == 3 ? pixels[base + 2] & 0xFF : r;
                    img.setRGB(left + x, top + y, (r << 16) | (g << 8) | b);
                }
            }
        }
        return img;
    }

    /** Composes and writes a PNG atomically. */
    public static void write(Path file, byte[] pixels, int count, int h, int w, int c, int columns, int scale)
            throws IOException {
        BufferedImage img = compose(pixels, count, h, w, c, columns, scale);
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        try (AtomicFile target = AtomicFile.create(file)) {
            try (OutputStream out = Files.newOutputStream(target.tempPath())) {
                if (!ImageIO.write(img, "png", out)) {
                    throw new IOException("no PNG writer available");
                }
            }
            target.commit();
        }
    }
}
