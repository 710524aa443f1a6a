package org.ditjava.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ditjava.io.Npy;
import org.ditjava.vae.RgbImages;
import org.ditjava.vae.SdVae;
import org.ditjava.vae.VaeConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dit vae decode --vae DIR --in latent.npy --out image.png}. */
@Command(name = "decode", mixinStandardHelpOptions = true,
        description = "Decode DiT latents (.npy of shape (1, 4, h, w) or (4, h, w), scaled) into an RGB PNG of 8h x 8w.")
final class VaeDecodeCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--vae", paramLabel = "DIR", required = true, description = "VAE folder: diffusers AutoencoderKL (config.json + diffusion_pytorch_model.safetensors) or ONNX export (vae_encoder.onnx + vae_decoder.onnx)")
    private Path vaeDir;

    @Option(names = "--in", paramLabel = "NPY", required = true, description = "input latents (.npy)")
    private Path in;

    @Option(names = "--out", paramLabel = "PNG", required = true, description = "output image (.png)")
    private Path out;

    @Option(names = "--scale", paramLabel = "S",
            description = "latent scale factor (default: the diffusers config's scaling_factor; 0.18215 for ONNX)")
    private Double scale;

    @Override
    public Integer call() throws IOException {
        OutputChecks.require(spec, "--out", out, in, "the input");
        INDArray z = Npy.read(in);
        if (z.rank() == 3) {
            z = z.reshape(1, z.size(0), z.size(1), z.size(2));
        }
        if (z.rank() != 4 || z.size(0) != 1) {
            throw new ParameterException(spec.commandLine(), "--in: " + in + " must hold one latent, (1, C, h, w) or (C, h, w); got "
                    + Arrays.toString(z.shape()));
        }
        PrintWriter pw = spec.commandLine().getOut();
        long t = System.nanoTime();
        SdVae vae = SdVae.load(vaeDir, config(spec, vaeDir, scale));
        double load = seconds(t);
        t = System.nanoTime();
        INDArray image = vae.decode(z);
        double decode = seconds(t);
        RgbImages.write(out, image);
        pw.printf(Locale.ROOT, "%s %s -> %s %s; VAE %s in %.1f s, decode %.1f s%n", in, Arrays.toString(z.shape()), out,
                Arrays.toString(image.shape()), vae.decoderGraph().origin().name().toLowerCase(Locale.ROOT), load, decode);
        pw.flush();
        return 0;
    }

    /** The SD settings with {@code --scale}, or the folder's own latent scale when it is not given. */
    static VaeConfig config(CommandSpec spec, Path vaeDir, Double scale) throws IOException {
        double s = scale != null ? scale : SdVae.latentScale(vaeDir);
        return Flags.parse(spec, "--scale", () -> VaeConfig.SD_VAE.withLatentScale(s));
    }

    static <E extends Enum<E>> E parse(CommandSpec spec, Class<E> type, String option, String value) {
        return Flags.parse(spec, option, () -> {
            try {
                return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("'" + value + "' is not one of "
                        + Arrays.toString(type.getEnumConstants()).toLowerCase(Locale.ROOT), e);
            }
        });
    }

    static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
