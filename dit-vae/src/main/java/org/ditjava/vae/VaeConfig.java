package org.ditjava.vae;

import java.nio.file.Path;

/**
 * How an {@link SdVae} is set up.
 *
 * @param latentScale the factor between the VAE's latents and the latents DiT models: DiT
 *     trains on {@code z · latentScale} and decodes {@code latents / latentScale} (Rombach et al.,
 *     LDM; diffusers {@code AutoencoderKL.config.scaling_factor}). 0.18215 for the Stable Diffusion
 *     VAEs (sd-vae-ft-ema / -mse, SD 1.x / 2.x); other VAEs use other values (SDXL's 0.13025). It
 *     is applied in exactly one place, {@link SdVae}'s latent conversion.
 * @param encoderFile file name of the encoder in an ONNX VAE directory (a diffusers folder has none)
 * @param decoderFile file name of the decoder in an ONNX VAE directory
 * @param maxBatch images (or latents) per graph run: larger batches are split, which bounds
 *     memory and does not change results
 * @param cacheDir where imported ONNX graphs are cached, or {@code null} for beside the ONNX files
 *     (a diffusers folder is built from its weights on each load, with no cache)
 */
public record VaeConfig(double latentScale, String encoderFile, String decoderFile, int maxBatch, Path cacheDir) {

    /** Stable Diffusion's latent scale factor. */
    public static final double SD_LATENT_SCALE = 0.18215;

    /** The Stable Diffusion VAE as the optimum / diffusers ONNX export names its files. */
    public static final VaeConfig SD_VAE = new VaeConfig(SD_LATENT_SCALE, "vae_encoder.onnx", "vae_decoder.onnx", 8, null);

    public VaeConfig {
        if (!(latentScale > 0) || Double.isInfinite(latentScale)) {
            throw new IllegalArgumentException("latentScale must be a positive number, got " + latentScale);
        }
        if (maxBatch < 1) {
            throw new IllegalArgumentException("maxBatch must be at least 1, got " + maxBatch);
        }
        if (encoderFile == null || encoderFile.isBlank() || decoderFile == null || decoderFile.isBlank()) {
            throw new IllegalArgumentException("encoder and decoder file names are required");
        }
    }

    public VaeConfig withLatentScale(double scale) {
        return new VaeConfig(scale, encoderFile, decoderFile, maxBatch, cacheDir);
    }

    public VaeConfig withMaxBatch(int n) {
        return new VaeConfig(latentScale, encoderFile, decoderFile, n, cacheDir);
    }

    public VaeConfig withCacheDir(Path dir) {
        return new VaeConfig(latentScale, encoderFile, decoderFile, maxBatch, dir);
    }
}
