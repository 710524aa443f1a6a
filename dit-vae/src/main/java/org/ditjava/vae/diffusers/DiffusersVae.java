package org.ditjava.vae.diffusers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import org.ditjava.io.SafetensorsReader;
import org.ditjava.vae.VaeFormat;
import org.ditjava.vae.VaeGraph;

/**
 * A diffusers {@code AutoencoderKL} folder ({@code config.json} + {@code diffusion_pytorch_model.safetensors},
 * as published for {@code stabilityai/sd-vae-ft-ema} / {@code -mse}) built natively in SameDiff:
 * no ONNX export, no Python. {@code org.ditjava.vae.SdVae.load} picks this for such a folder.
 *
 * @param config the folder's {@code config.json}
 * @param encoder images (N, in, H, W) in [−1, 1] → moments (N, 2·latent, H/f, W/f)
 * @param decoder unscaled latents (N, latent, h, w) → images (N, out, f·h, f·w)
 */
public record DiffusersVae(DiffusersVaeConfig config, VaeGraph encoder, VaeGraph decoder) {

    /**
     * Reads {@code dir/config.json} and the weights, checks every tensor's name and shape against
     * the config (both attention namings accepted; a tensor left over is an error too), and builds
     * both graphs. Bad files fail with an {@link IOException} naming the file and the tensor or key.
     */
    public static DiffusersVae load(Path dir) throws IOException {
        Path configFile = dir.resolve(VaeFormat.CONFIG);
        DiffusersVaeConfig config = DiffusersVaeConfig.read(configFile);
        Path weights = VaeFormat.weightsFile(dir);
        try (SafetensorsReader reader = SafetensorsReader.open(weights)) {
            StateDict state = new StateDict(reader, configFile.toString());
            KlGraphs graphs = new KlGraphs(config, state);
            VaeGraph encoder = new NativeGraph(graphs.encoder(), KlGraphs.imagesSpec(config), KlGraphs.momentsSpec(config),
                    weights + " (encoder)");
            VaeGraph decoder = new NativeGraph(graphs.decoder(), KlGraphs.latentsSpec(config), KlGraphs.decodedSpec(config),
                    weights + " (decoder)");
            state.requireAllTaken();
            return new DiffusersVae(config, encoder, decoder);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The folder's latent scale ({@code scaling_factor}, 0.18215 when absent). */
    public static double latentScale(Path dir) throws IOException {
        return DiffusersVaeConfig.read(dir.resolve(VaeFormat.CONFIG)).scalingFactor();
    }
}
