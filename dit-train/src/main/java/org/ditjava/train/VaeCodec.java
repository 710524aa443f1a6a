package org.ditjava.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.ditjava.data.LatentEncoder;
import org.ditjava.vae.SdVae;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Stable Diffusion VAE (dit-vae's {@link SdVae}) on both sides of a latent-space run: the
 * {@link LatentEncoder} of latent pre-extraction (fast-DiT {@code extract_features.py}:
 * {@code vae.encode(x).latent_dist.sample().mul_(0.18215)}) and the {@link LatentDecoder} of previews
 * and sampling (DiT {@code sample.py}: {@code vae.decode(samples / 0.18215).sample}).
 *
 * <p>Deviation: the posterior draws ε from a {@link SplittableRandom} seeded by the caller, consumed in
 * call order, so an extraction with the same seed and image order writes identical latents (PyTorch
 * draws from its global generator); an extraction resumed after n samples draws from seed + n·φ·2⁶⁴.
 */
public final class VaeCodec {
    /** The SD VAE's spatial downsampling (KL-f8). */
    public static final int DOWNSAMPLING = 8;
    /** Seed step between the streams of resumed extractions (the golden-ratio increment of SplitMix64). */
    private static final long RESUME_STRIDE = 0x9E3779B97F4A7C15L;

    private final SdVae vae;

    public VaeCodec(SdVae vae) {
        this.vae = vae;
    }

    /** Loads the VAE in {@code dir} (a diffusers folder, built natively, or two ONNX files through dit-vae's graph cache). */
    public static VaeCodec load(Path dir) throws IOException {
        return new VaeCodec(SdVae.load(dir));
    }

    public SdVae vae() {
        return vae;
    }

    /** Decodes scaled DiT latents (N, 4, h, w) to images (N, 3, 8h, 8w). */
    public LatentDecoder decoder() {
        return vae::decode;
    }

    /** An encoder that samples the posterior with ε drawn from {@code seed}'s stream, then scales by 0.18215. */
    public LatentEncoder encoder(long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        return new LatentEncoder() {
            @Override
            public String name() {
                return "sd-vae";
            }

            @Override
            public long[] latentShape(int imageSize) {
                if (imageSize <= 0 || imageSize % DOWNSAMPLING != 0) {
                    throw new IllegalArgumentException("the SD VAE needs an image size divisible by " + DOWNSAMPLING
                            + ", got " + imageSize);
                }
                return new long[] {vae.latentChannels(), imageSize / DOWNSAMPLING, imageSize / DOWNSAMPLING};
            }

            @Override
            public INDArray encode(INDArray images) {
                return vae.sample(vae.encode(images), rng);
            }

            @Override
            public LatentEncoder resumedAt(long samplesDone) {
                return encoder(seed + RESUME_STRIDE * samplesDone);
            }
        };
    }
}
