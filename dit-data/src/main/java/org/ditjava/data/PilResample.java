package org.ditjava.data;

import java.util.Arrays;

/**
 * A port of Pillow's 8-bit separable resampler ({@code src/libImaging/Resample.c}:
 * {@code precompute_coeffs}, {@code normalize_coeffs_8bpc}, {@code ImagingResampleHorizontal_8bpc},
 * {@code ImagingResampleVertical_8bpc}, {@code ImagingResampleInner}) as {@code Image.resize(size,
 * resample)} runs it on an {@code "RGB"} image with the default box and no {@code reducing_gap}.
 *
 * <p>What makes it bit-exact: the kernel weights are computed and normalised in {@code double}
 * exactly as Pillow does (same expressions, same order; Java's strict IEEE arithmetic matches C on
 * x86-64 without FMA contraction), then turned into 32-bit fixed point with 22 fractional bits
 * ({@code PRECISION_BITS = 32 − 8 − 2}) rounding half away from zero; each pass accumulates
 * {@code uint8 × int32} products in an {@code int} that starts at 2<sup>21</sup> (the rounding
 * half), and clips {@code acc >> 22} to 0..255. The horizontal pass runs first, over only the rows
 * the vertical pass reads; a pass whose size does not change is skipped, and an unchanged size
 * returns the input (Pillow copies it). Because the accumulation is integer, the order of the
 * additions is free: the vertical pass here walks rows for cache locality. Deviation in work, not in
 * values: {@link #resizeAndCrop} computes only the pixels a crop keeps.
 *
 * <p>Not ported: the other filters and modes, the {@code box} argument, {@code reducing_gap}.
 */
public final class PilResample {
    /** Fractional bits of the fixed-point weights (Pillow's {@code PRECISION_BITS}). */
    static final int PRECISION_BITS = 32 - 8 - 2;
    private static final int HALF = 1 << (PRECISION_BITS - 1);

    private PilResample() {
    }

    /** {@code image.resize((width, height), filter)} as Pillow computes it. */
    public static RgbImage resize(RgbImage image, int width, int height, ResampleFilter filter) {
        return resizeAndCrop(image, width, height, filter, 0, 0, width, height);
    }

    /**
     * {@code resize(image, width, height, filter).crop(x0, y0, w, h)}, computing only the pixels that
     * are kept: each output pixel is the same sum of the same fixed-point products as in the full
     * resize, so the values are identical (ADM's center crop throws away up to half of the resized image).
     */
    public static RgbImage resizeAndCrop(RgbImage image, int width, int height, ResampleFilter filter,
                                         int x0, int y0, int w, int h) {
        if (width <= 0 || height <= 0) {
            throw new IllegalArgumentException("target size must be positive, got " + width + "x" + height);
        }
        if (x0 < 0 || y0 < 0 || w <= 0 || h <= 0 || x0 + w > width || y0 + h > height) {
            throw new IllegalArgumentException("region " + w + "x" + h + "+" + x0 + "+" + y0 + " is not inside " + width + "x" + height);
        }
        boolean needH = width != image.width();
        boolean needV = height != image.height();
        if (!needH && !needV) {
            return x0 == 0 && y0 == 0 && w == width && h == height ? image : image.crop(x0, y0, w, h);
        }
        Coefficients vert = needV ? Coefficients.compute(image.height(), height, filter) : null;
        byte[] src = image.buffer();
        int stride = image.width();
        int rowOffset = 0;
        int colOffset = x0;
        if (needH) {
            // like Pillow, resample horizontally only the rows the vertical pass reads (here: for the kept rows)
            int first = needV ? vert.bounds[2 * y0] : y0;
            int last = needV ? vert.bounds[2 * (y0 + h - 1)] + vert.bounds[2 * (y0 + h - 1) + 1] : y0 + h;
            src = horizontal(src, stride, first, last - first, Coefficients.compute(image.width(), width, filter), x0, w);
            stride = w;
            rowOffset = first;
            colOffset = 0;
        }
        if (needV) {
            src = vertical(src, stride, rowOffset, colOffset, w, y0, h, vert);
        }
        return RgbImage.wrap(w, h, src);
    }

    /** Output columns {@code x0 .. x0+w} of source rows {@code firstRow .. firstRow+rows}. */
    private static byte[] horizontal(byte[] in, int inWidth, int firstRow, int rows, Coefficients c, int x0, int w) {
        byte[] out = new byte[rows * w * 3];
        int[] kk = c.weights;
        for (int y = 0; y < rows; y++) {
            int inRow = (y + firstRow) * inWidth * 3;
            int o = y * w * 3;
            for (int xx = x0; xx < x0 + w; xx++) {
                int n = c.bounds[2 * xx + 1];
                int k0 = xx * c.ksize;
                int s0 = HALF;
                int s1 = HALF;
                int s2 = HALF;
                int p = inRow + c.bounds[2 * xx] * 3;
                for (int x = 0; x < n; x++, p += 3) {
                    int wt = kk[k0 + x];
                    s0 += (in[p] & 0xFF) * wt;
                    s1 += (in[p + 1] & 0xFF) * wt;
                    s2 += (in[p + 2] & 0xFF) * wt;
                }
                out[o++] = clip8(s0);
                out[o++] = clip8(s1);
                out[o++] = clip8(s2);
            }
        }
        return out;
    }

    /**
     * Output rows {@code y0 .. y0+h}, columns {@code colOffset .. colOffset+w} of the input; input row
     * {@code r} holds source row {@code r + rowOffset} (Pillow shifts the vertical bounds the same way).
     */
    private static byte[] vertical(byte[] in, int inWidth, int rowOffset, int colOffset, int w, int y0, int h, Coefficients c) {
        int span = w * 3;
        byte[] out = new byte[h * span];
        int[] acc = new int[span];
        int[] kk = c.weights;
        for (int yy = y0; yy < y0 + h; yy++) {
            int ymin = c.bounds[2 * yy] - rowOffset;
            int n = c.bounds[2 * yy + 1];
            int k0 = yy * c.ksize;
            Arrays.fill(acc, HALF);
            for (int y = 0; y < n; y++) {
                int wt = kk[k0 + y];
                int row = ((ymin + y) * inWidth + colOffset) * 3;
                for (int i = 0; i < span; i++) {
                    acc[i] += (in[row + i] & 0xFF) * wt;
                }
            }
            int o = (yy - y0) * span;
            for (int i = 0; i < span; i++) {
                out[o + i] = clip8(acc[i]);
            }
        }
        return out;
    }

    /** Pillow's {@code clip8}: the integer part of a fixed-point sum, clipped to 0..255. */
    private static byte clip8(int acc) {
        int v = acc >> PRECISION_BITS;
        return (byte) (v < 0 ? 0 : Math.min(v, 255));
    }

    /**
     * Per output pixel: the first input index and the number of inputs ({@code bounds}, pairs), and
     * {@code ksize} fixed-point weights ({@code weights}, zero-padded), from {@code precompute_coeffs}
     * with {@code in0 = 0}, {@code in1 = inSize} followed by {@code normalize_coeffs_8bpc}.
     */
    static final class Coefficients {
        final int outSize;
        final int ksize;
        final int[] bounds;
        final int[] weights;

        private Coefficients(int outSize, int ksize, int[] bounds, int[] weights) {
            this.outSize = outSize;
            this.ksize = ksize;
            this.bounds = bounds;
            this.weights = weights;
        }

        static Coefficients compute(int inSize, int outSize, ResampleFilter filter) {
            double scale = (double) ((float) inSize - 0f) / outSize;
            double filterScale = Math.max(scale, 1.0);
            double support = filter.support() * filterScale;
            int ksize = (int) Math.ceil(support) * 2 + 1;
            int[] bounds = new int[outSize * 2];
            int[] weights = new int[outSize * ksize];
            double[] k = new double[ksize];
            double ss = 1.0 / filterScale;
            for (int xx = 0; xx < outSize; xx++) {
                double center = 0f + (xx + 0.5) * scale;
                int xmin = Math.max((int) (center - support + 0.5), 0);
                int xmax = Math.min((int) (center + support + 0.5), inSize) - xmin;
                double ww = 0.0;
                for (int x = 0; x < xmax; x++) {
                    k[x] = filter.weight((x + xmin - center + 0.5) * ss);
                    ww += k[x];
                }
                for (int x = 0; x < xmax; x++) {
                    double w = ww != 0.0 ? k[x] / ww : k[x];
                    weights[xx * ksize + x] = toFixed(w);
                }
                bounds[2 * xx] = xmin;
                bounds[2 * xx + 1] = xmax;
            }
            return new Coefficients(outSize, ksize, bounds, weights);
        }

        /** {@code normalize_coeffs_8bpc}: round half away from zero into 22 fractional bits. */
        private static int toFixed(double w) {
            return w < 0 ? (int) (-0.5 + w * (1 << PRECISION_BITS)) : (int) (0.5 + w * (1 << PRECISION_BITS));
        }
    }
}
