package org.ditjava.data;

/**
 * The two resampling kernels ADM's {@code center_crop_arr} uses, as Pillow defines them in
 * {@code src/libImaging/Resample.c} ({@code box_filter}, {@code bicubic_filter} with a = −0.5, and
 * their supports 0.5 and 2). The weights are evaluated in {@code double}, as in Pillow, before the
 * fixed-point conversion in {@link PilResample}.
 */
public enum ResampleFilter {
    /** {@code Image.BOX}: each output pixel averages the input pixels its footprint covers. */
    BOX(0.5) {
        @Override
        double weight(double x) {
            return x > -0.5 && x <= 0.5 ? 1.0 : 0.0;
        }
    },
    /** {@code Image.BICUBIC}: Keys' cubic convolution with a = −0.5, support 2 (antialiased when shrinking). */
    BICUBIC(2.0) {
        @Override
        double weight(double x) {
            final double a = -0.5;
            double ax = x < 0.0 ? -x : x;
            if (ax < 1.0) {
                return ((a + 2.0) * ax - (a + 3.0)) * ax * ax + 1;
            }
            if (ax < 2.0) {
                return (((ax - 5) * ax + 8) * ax - 4) * a;
            }
            return 0.0;
        }
    };

    private final double support;

    ResampleFilter(double support) {
        this.support = support;
    }

    /** Half-width of the kernel in input pixels before it is stretched for downsampling. */
    public double support() {
        return support;
    }

    /** The kernel's value at distance {@code x} (in output-pixel units). */
    abstract double weight(double x);
}
