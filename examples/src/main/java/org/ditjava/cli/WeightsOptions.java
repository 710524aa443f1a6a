package org.ditjava.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import org.ditjava.model.DiTConfig;
import org.ditjava.model.DiTLoadOptions;
import org.ditjava.model.DiTModel;
import org.ditjava.model.WeightsKey;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * The flags of every command that reads DiT weights from a file (.pt/.pth, .safetensors, .npz): which
 * part of a train.py checkpoint, and what to build instead of the configuration the file implies.
 * Turned into the library's {@link DiTLoadOptions}.
 */
final class WeightsOptions {

    @Option(names = "--model", paramLabel = "NAME",
            description = "build this architecture instead of the one the weights imply (checked against them): "
                    + "a preset such as XL/2 or DiT-B/4; input size and classes still come from the file unless --image-size")
    String model;

    @Option(names = "--image-size", paramLabel = "PX", description = "with --model: image size in pixels (latent = size / 8)")
    Integer imageSize;

    @Option(names = "--heads", paramLabel = "H",
            description = "attention heads (no tensor shape shows them; default: the official preset of that width)")
    Integer heads;

    @Option(names = "--weights-key", paramLabel = "KEY",
            description = "which weights of a train.py checkpoint {model, ema, opt, args}: ema (default, as sample.py) or model")
    String weightsKey;

    /** The load options for {@code file}; {@code raw} picks the raw weights when no --weights-key is given. */
    DiTLoadOptions toLoadOptions(CommandSpec spec, Path file, boolean raw) throws IOException {
        DiTLoadOptions o = DiTLoadOptions.defaults()
                .withWeightsKey(weightsKey == null ? (raw ? WeightsKey.MODEL : WeightsKey.EMA)
                        : Flags.parse(spec, "--weights-key", () -> WeightsKey.parse(weightsKey)));
        if (heads != null) {
            o = Flags.parse(spec, "--heads", () -> DiTLoadOptions.defaults().withNumHeads(heads)).withWeightsKey(o.weightsKey());
        }
        if (model == null) {
            if (imageSize != null) {
                throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--image-size needs --model "
                        + "(without it the size comes from the weights)");
            }
            return o;
        }
        DiTConfig preset = Flags.parse(spec, "--model", () -> DiTConfig.byName(presetName(model)));
        DiTConfig fromFile = DiTModel.configOf(file, o);
        int inputSize = imageSize != null ? imageSize / 8 : fromFile.inputSize();
        int h = heads != null ? heads : preset.numHeads();
        DiTConfig c = Flags.parse(spec, "--model", () -> new DiTConfig(preset.depth(), preset.hiddenSize(), preset.patchSize(), h,
                inputSize, fromFile.inChannels(), fromFile.numClasses(), fromFile.classDropoutProb(), fromFile.learnSigma(),
                preset.blockType(), preset.mlpRatio()));
        return o.withConfig(c);
    }

    /** {@code XL/2} → {@code DiT-XL/2}; full names pass through. */
    static String presetName(String name) {
        String n = name.trim();
        return n.toLowerCase(Locale.ROOT).startsWith("dit-") ? n : "DiT-" + n;
    }
}
