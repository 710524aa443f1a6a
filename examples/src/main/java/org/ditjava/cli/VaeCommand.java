package org.ditjava.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code dit vae}: the Stable Diffusion VAE (dit-vae). */
@Command(name = "vae", mixinStandardHelpOptions = true,
        description = "Encode images to DiT latents and decode latents to images with the SD VAE "
                + "(DIR holds vae_encoder.onnx and vae_decoder.onnx; imported graphs are cached beside them).",
        subcommands = {VaeEncodeCommand.class, VaeDecodeCommand.class})
final class VaeCommand implements Runnable {

    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
