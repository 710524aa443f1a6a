package org.ditjava.bench;

/**
 * Multiply-accumulates of one image through the SD-VAE of {@link VaeBench} (diffusers
 * {@code AutoencoderKL}: {@code block_out_channels}, {@code layers_per_block}, latent channels), by the
 * rules of bench/pytorch_vae.py's hook count: every convolution ({@code Cin·Cout·k²} per output pixel),
 * the mid-block attention's four projections ({@code 4·T·C²}) and its two products ({@code 2·T²·C}).
 * GroupNorm, SiLU, resizing and additions are not counted.
 */
public final class VaeCost {
    private VaeCost() {
    }

    /** post_quant_conv + decoder, latent {@code h × w}. */
    public static long decoder(int[] blockOut, int layersPerBlock, int latent, long h, long w) {
        int top = blockOut[blockOut.length - 1];
        long p = h * w;
        long macs = (long) latent * latent * p + 9L * latent * top * p + mid(top, p);
        int prev = top;
        for (int i = 0; i < blockOut.length; i++) {
            int c = blockOut[blockOut.length - 1 - i];
            for (int r = 0; r <= layersPerBlock; r++) {
                macs += resnet(r == 0 ? prev : c, c, p);
            }
            if (i < blockOut.length - 1) {
                p *= 4;                                          // nearest ×2, then a 3×3 convolution
                macs += 9L * c * c * p;
            }
            prev = c;
        }
        return macs + 9L * blockOut[0] * 3 * p;
    }

    /** encoder + quant_conv, image {@code h × w} (each side divisible by 2^(blocks−1)). */
    public static long encoder(int[] blockOut, int layersPerBlock, int latent, long h, long w) {
        long p = h * w;
        long macs = 9L * 3 * blockOut[0] * p;
        int prev = blockOut[0];
        for (int i = 0; i < blockOut.length; i++) {
            for (int r = 0; r < layersPerBlock; r++) {
                macs += resnet(r == 0 ? prev : blockOut[i], blockOut[i], p);
            }
            if (i < blockOut.length - 1) {
                p /= 4;                                          // pad (0,1,0,1), 3×3 stride 2
                macs += 9L * blockOut[i] * blockOut[i] * p;
            }
            prev = blockOut[i];
        }
        return macs + mid(prev, p) + 9L * prev * 2 * latent * p + 4L * latent * latent * p;
    }

    private static long resnet(long cin, long cout, long p) {
        return 9 * cin * cout * p + 9 * cout * cout * p + (cin == cout ? 0 : cin * cout * p);
    }

    private static long mid(long c, long p) {
        return 2 * resnet(c, c, p) + 4 * c * c * p + 2 * p * p * c;
    }
}
