package org.ditjava.train;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Turns what the model generates into images in [−1, 1] (N, C, H, W): the identity for pixel-space
 * runs (Fashion-MNIST, image folders), the Stable Diffusion VAE's decoder for latent runs (DiT
 * sample.py: {@code vae.decode(samples / 0.18215).sample}), which {@link VaeCodec#decoder()} provides.
 */
@FunctionalInterface
public interface LatentDecoder {
    /** Pixel space: what the model makes already is the image. */
    LatentDecoder IDENTITY = x -> x;

    /** Images (N, C, H, W), nominally in [−1, 1], for model outputs x_0. */
    INDArray decode(INDArray samples);
}
