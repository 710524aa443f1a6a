package org.ditjava.data;

import java.util.Objects;

/**
 * An 8-bit RGB image held as interleaved bytes in row-major order ({@code H × W × 3}, the layout of
 * {@code np.array(pil_image)} for a PIL image of mode {@code "RGB"}). Immutable: every operation
 * returns a new image.
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final byte[] pixels;

    private RgbImage(int width, int height, byte[] pixels) {
        this.width = width;
        this.height = height;
        this.pixels = pixels;
    }

    /** Wraps {@code rgb} ({@code height * width * 3} bytes, row-major, R G B per pixel) without copying. */
    public static RgbImage wrap(int width, int height, byte[] rgb) {
        Objects.requireNonNull(rgb, "rgb");
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + width + "x" + height);
        }
        if ((long) width * height * 3 != rgb.length) {
            throw new IllegalArgumentException("a " + width + "x" + height + " RGB image needs "
                    + (long) width * height * 3 + " bytes, got " + rgb.length);
        }
        return new RgbImage(width, height, rgb);
    }

    /** Width in pixels (PIL's {@code size[0]}). */
    public int width() {
        return width;
    }

    /** Height in pixels (PIL's {@code size[1]}). */
    public int height() {
        return height;
    }

    /** Channel {@code c} (0 = R, 1 = G, 2 = B) of pixel ({@code x}, {@code y}), 0..255. */
    public int get(int x, int y, int c) {
        return pixels[(y * width + x) * 3 + c] & 0xFF;
    }

    /** A copy of the interleaved bytes. */
    public byte[] toBytes() {
        return pixels.clone();
    }

    /** The backing bytes; package code reads them without copying and never writes them. */
    byte[] buffer() {
        return pixels;
    }

    /** The {@code w × h} region whose top-left corner is ({@code x}, {@code y}), as numpy's {@code arr[y:y+h, x:x+w]}. */
    public RgbImage crop(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > width || y + h > height) {
            throw new IllegalArgumentException("crop " + w + "x" + h + "+" + x + "+" + y
                    + " does not fit in a " + width + "x" + height + " image");
        }
        byte[] out = new byte[w * h * 3];
        for (int row = 0; row < h; row++) {
            System.arraycopy(pixels, ((y + row) * width + x) * 3, out, row * w * 3, w * 3);
        }
        return new RgbImage(w, h, out);
    }

    /** The mirror image left to right ({@code arr[:, ::-1]}, what {@code RandomHorizontalFlip} produces when it fires). */
    public RgbImage flipHorizontal() {
        byte[] out = new byte[pixels.length];
        for (int y = 0; y < height; y++) {
            int row = y * width * 3;
            for (int x = 0; x < width; x++) {
                int src = row + x * 3;
                int dst = row + (width - 1 - x) * 3;
                out[dst] = pixels[src];
                out[dst + 1] = pixels[src + 1];
                out[dst + 2] = pixels[src + 2];
            }
        }
        return new RgbImage(width, height, out);
    }

    @Override
    public String toString() {
        return "RgbImage[" + width + "x" + height + "]";
    }
}
