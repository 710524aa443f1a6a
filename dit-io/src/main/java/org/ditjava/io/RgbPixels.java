package org.ditjava.io;

import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.Raster;

/**
 * Turns a decoded {@link BufferedImage} into 8-bit RGB the way PIL's {@code .convert("RGB")} does:
 * stored sample values are taken as they are (embedded colour profiles are ignored, as PIL ignores
 * them), grey is replicated into R, G and B, alpha is dropped, palette indices go through the
 * palette, 16-bit samples keep their high byte and 1/2/4-bit grey is stretched to 0..255.
 *
 * <p>Deviation: {@code BufferedImage.getRGB} would apply Java's grey gamma and ICC conversions; it is
 * used only for colour models PIL has no direct counterpart for (CMYK JPEGs arrive here already
 * converted to RGB by TwelveMonkeys with their ICC profile, where PIL applies a naive formula).
 *
 * <p>The one pixel reader of the project: dit-data's loader, dit-vae's {@code RgbImages} and dit-eval's
 * image folders all decode through it, so a greyscale PNG gives the same values everywhere.
 */
public final class RgbPixels {

    private RgbPixels() {
    }

    /**
     * The pixels of {@code image} as {@code height * width * 3} bytes, row-major, R G B per pixel
     * (read them unsigned: {@code b & 0xFF}).
     */
    public static byte[] of(BufferedImage image) {
        ColorModel cm = image.getColorModel();
        if (cm instanceof IndexColorModel icm) {
            return fromPalette(image, icm);
        }
        if (cm instanceof ComponentColorModel && !cm.isAlphaPremultiplied() && rgbOrGrey(cm)) {
            return fromComponents(image, cm);
        }
        return fromArgb(image);
    }

    private static boolean rgbOrGrey(ColorModel cm) {
        int type = cm.getColorSpace().getType();
        return (type == ColorSpace.TYPE_RGB && cm.getNumColorComponents() == 3)
                || (type == ColorSpace.TYPE_GRAY && cm.getNumColorComponents() == 1);
    }

    private static byte[] fromComponents(BufferedImage image, ColorModel cm) {
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        int colors = cm.getNumColorComponents();
        int bits = cm.getComponentSize(0);
        if (bits == 8 && raster.getDataBuffer() instanceof DataBufferByte
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel sm
                && raster.getParent() == null && raster.getSampleModelTranslateX() == 0
                && raster.getSampleModelTranslateY() == 0 && raster.getDataBuffer().getNumBanks() == 1) {
            return fromInterleavedBytes(raster, sm, w, h, colors);
        }
        byte[] out = new byte[w * h * 3];
        int bands = raster.getNumBands();
        int[] row = new int[w * bands];
        for (int y = 0; y < h; y++) {
            raster.getPixels(0, y, w, 1, row);
            for (int x = 0; x < w; x++) {
                for (int c = 0; c < 3; c++) {
                    out[(y * w + x) * 3 + c] = (byte) to8Bits(row[x * bands + (colors == 1 ? 0 : c)], bits);
                }
            }
        }
        return out;
    }

    private static byte[] fromInterleavedBytes(Raster raster, PixelInterleavedSampleModel sm, int w, int h, int colors) {
        byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
        int base = raster.getDataBuffer().getOffset();
        int[] offsets = sm.getBandOffsets();
        int pixelStride = sm.getPixelStride();
        int lineStride = sm.getScanlineStride();
        int r = offsets[0];
        int g = colors == 1 ? r : offsets[1];
        int b = colors == 1 ? r : offsets[2];
        byte[] out = new byte[w * h * 3];
        int o = 0;
        for (int y = 0; y < h; y++) {
            int p = base + y * lineStride;
            for (int x = 0; x < w; x++, p += pixelStride) {
                out[o++] = data[p + r];
                out[o++] = data[p + g];
                out[o++] = data[p + b];
            }
        }
        return out;
    }

    private static int to8Bits(int sample, int bits) {
        if (bits == 8) {
            return sample;
        }
        if (bits > 8) {
            return sample >>> (bits - 8);
        }
        return sample * 255 / ((1 << bits) - 1);
    }

    private static byte[] fromPalette(BufferedImage image, IndexColorModel icm) {
        Raster raster = image.getRaster();
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            raster.getSamples(0, y, w, 1, 0, row);
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                out[o] = (byte) icm.getRed(row[x]);
                out[o + 1] = (byte) icm.getGreen(row[x]);
                out[o + 2] = (byte) icm.getBlue(row[x]);
            }
        }
        return out;
    }

    private static byte[] fromArgb(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        byte[] out = new byte[w * h * 3];
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            image.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int o = (y * w + x) * 3;
                out[o] = (byte) (row[x] >> 16);
                out[o + 1] = (byte) (row[x] >> 8);
                out[o + 2] = (byte) row[x];
            }
        }
        return out;
    }
}
