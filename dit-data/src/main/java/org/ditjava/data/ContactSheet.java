package org.ditjava.data;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.ditjava.io.AtomicFile;

/** A grid of equally sized images on a dark background, written as a PNG. */
public final class ContactSheet {
    private static final int GAP = 2;
    private static final int BACKGROUND = 0x202020;

    private ContactSheet() {
    }

    /** Lays out {@code images} (all the same size) in a near-square grid. */
    public static BufferedImage compose(List<RgbImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a contact sheet needs at least one image");
        }
        int w = images.get(0).width();
        int h = images.get(0).height();
        int cols = (int) Math.ceil(Math.sqrt(images.size()));
        int rows = (images.size() + cols - 1) / cols;
        BufferedImage sheet = new BufferedImage(GAP + cols * (w + GAP), GAP + rows * (h + GAP), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < sheet.getHeight(); y++) {
            for (int x = 0; x < sheet.getWidth(); x++) {
                sheet.setRGB(x, y, BACKGROUND);
            }
        }
        for (int i = 0; i < images.size(); i++) {
            RgbImage img = images.get(i);
            if (img.width() != w || img.height() != h) {
                throw new IllegalArgumentException("image " + i + " is " + img + ", the others " + w + "x" + h);
            }
            int ox = GAP + (i % cols) * (w + GAP);
            int oy = GAP + (i / cols) * (h + GAP);
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    sheet.setRGB(ox + x, oy + y, (img.get(x, y, 0) << 16) | (img.get(x, y, 1) << 8) | img.get(x, y, 2));
                }
            }
        }
        return sheet;
    }

    /** Composes and writes {@code file} atomically. */
    public static void write(List<RgbImage> images, Path file) throws IOException {
        BufferedImage sheet = compose(images);
        try (AtomicFile out = AtomicFile.create(file)) {
            if (!ImageIO.write(sheet, "png", out.tempPath().toFile())) {
                throw new IOException(file + ": no PNG writer available");
            }
            out.commit();
        }
    }
}
