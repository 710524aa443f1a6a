package org.ditjava.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link RgbPixels}: stored samples as PIL's {@code convert("RGB")} gives them, not Java's gamma-corrected {@code getRGB}. */
class RgbPixelsTest {
    @TempDir
    Path dir;

    private BufferedImage roundTrip(BufferedImage img, String name) throws IOException {
        Path f = dir.resolve(name);
        ImageIO.write(img, "png", f.toFile());
        return ImageIO.read(f.toFile());
    }

    @Test
    void midGreyPngKeepsItsStoredValue() throws IOException {
        BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 1, 0, 100);
        grey.getRaster().setSample(2, 0, 0, 128);
        BufferedImage read = roundTrip(grey, "grey.png");
        byte[] rgb = RgbPixels.of(read);
        assertEquals(3 * 2 * 3, rgb.length);
        for (int c = 0; c < 3; c++) {
            assertEquals(100, rgb[(1 * 3 + 1) * 3 + c] & 0xFF);
            assertEquals(128, rgb[(0 * 3 + 2) * 3 + c] & 0xFF);
            assertEquals(0, rgb[c] & 0xFF);
        }
        // what this class exists to avoid: getRGB brightens grey (100 -> 168 on OpenJDK)
        assertNotEquals(100, (read.getRGB(1, 1) >> 16) & 0xFF);
    }

    @Test
    void rgbPalette16BitAndAlphaImages() throws IOException {
        BufferedImage rgb = new BufferedImage(2, 1, BufferedImage.TYPE_3BYTE_BGR);
        rgb.setRGB(1, 0, 0x123456);
        byte[] p = RgbPixels.of(roundTrip(rgb, "rgb.png"));
        assertEquals(0x12, p[3] & 0xFF);
        assertEquals(0x34, p[4] & 0xFF);
        assertEquals(0x56, p[5] & 0xFF);

        IndexColorModel palette = new IndexColorModel(8, 2, new byte[] {0, (byte) 200}, new byte[] {0, 10}, new byte[] {0, 99});
        BufferedImage pal = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_INDEXED, palette);
        pal.getRaster().setSample(1, 0, 0, 1);
        p = RgbPixels.of(pal);
        assertEquals(200, p[3] & 0xFF);
        assertEquals(10, p[4] & 0xFF);
        assertEquals(99, p[5] & 0xFF);

        BufferedImage grey16 = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
        grey16.getRaster().setSample(0, 0, 0, 0x6480);
        p = RgbPixels.of(roundTrip(grey16, "grey16.png"));
        assertEquals(0x64, p[0] & 0xFF);
        assertEquals(0x64, p[2] & 0xFF);

        BufferedImage argb = new BufferedImage(1, 1, BufferedImage.TYPE_INT_ARGB);
        argb.setRGB(0, 0, 0x80FF2040);
        p = RgbPixels.of(roundTrip(argb, "argb.png"));
        assertEquals(0xFF, p[0] & 0xFF);
        assertEquals(0x20, p[1] & 0xFF);
        assertEquals(0x40, p[2] & 0xFF);
    }
}
