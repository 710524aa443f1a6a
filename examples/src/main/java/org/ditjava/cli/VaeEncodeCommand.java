package org.ditjava.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.ditjava.io.Npy;
import org.ditjava.vae.Posterior;
import org.ditjava.vae.RgbImages;
import org.ditjava.vae.SdVae;
import org.ditjava.vae.VaeConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dit vae encode --vae DIR --in image.png --out latent.npy}. */
@Command(name = "encode", mixinStandardHelpOptions = true,
        description = "Encode an RGB image into DiT latents (1, 4, H/8, W/8), scaled by the latent scale, as .npy.")
final class VaeEncodeCommand implements Callable<Integer> {

    /** Which latent of the posterior to write. */
    enum Draw { SAMPLE, MEAN }

    @Spec
    private CommandSpec spec;

    @Option(names = "--vae", paramLabel = "DIR", required = true, description = "VAE folder: diffusers AutoencoderKL (config.json + diffusion_pytorch_model.safetensors) or ONNX export (vae_encoder.onnx + vae_decoder.onnx)")
    private Path vaeDir;

    @Option(names = "--in", paramLabel = "IMAGE", required = true, description = "input image (PNG, JPEG, ...)")
    private Path in;

    @Option(names = "--out", paramLabel = "NPY", required = true, description = "output latents (.npy, float32)")
    private Path out;

    @Option(names = "--latent", paramLabel = "sample|mean", defaultValue = "sample",
            description = "sample the posterior (default) or take its mean")
    private String latent;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "seed of the posterior sample (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--scale", paramLabel = "S",
            description = "latent scale factor (default: the diffusers config's scaling_factor; 0.18215 for ONNX)")
    private Double scale;

    @Override
    public Integer call() throws IOException {
        OutputChecks.require(spec, "--out", out, in, "the input");
        Draw draw = VaeDecodeCommand.parse(spec, Draw.class, "--latent", latent);
        PrintWriter pw = spec.commandLine().getOut();
        long t = System.nanoTime();
        SdVae vae = SdVae.load(vaeDir, VaeDecodeCommand.config(spec, vaeDir, scale));
        double load = VaeDecodeCommand.seconds(t);
        INDArray image = RgbImages.read(in);
        t = System.nanoTime();
        Posterior p = vae.encode(image);
        INDArray z = draw == Draw.MEAN ? vae.mode(p) : vae.sample(p, new SplittableRandom(seed));
        double encode = VaeDecodeCommand.seconds(t);
        Npy.write(out, z);
        pw.printf(Locale.ROOT, "%s %s -> %s %s (%s, x %.5g); VAE %s in %.1f s, encode %.1f s%n", in,
                Arrays.toString(image.shape()), out, Arrays.toString(z.shape()),
                draw == Draw.MEAN ? "posterior mean" : "posterior sample, seed " + seed, vae.config().latentScale(),
                vae.encoderGraph().origin().name().toLowerCase(Locale.ROOT), load, encode);
        pw.flush();
        return 0;
    }

}
