package org.ditjava.cli;

import java.io.IOException;
import java.nio.file.Path;
import org.ditjava.train.LatentDecoder;
import org.ditjava.vae.SdVae;

/** The Stable Diffusion VAE decoder as a {@link LatentDecoder} (DiT latents, scaled, → images in [−1, 1]). */
final class VaeDecoders {
    private VaeDecoders() {
    }

    static LatentDecoder load(Path dir) throws IOException {
        SdVae vae = SdVae.load(dir);
        return vae::decode;
    }
}
