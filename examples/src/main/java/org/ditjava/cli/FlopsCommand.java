package org.ditjava.cli;

import com.google.gson.GsonBuilder;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ditjava.model.BlockType;
import org.ditjava.model.DiTConfig;
import org.ditjava.model.DiTCost;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dit flops}: parameter counts and forward-pass Gflops (paper Table 4 convention). */
@Command(name = "flops", mixinStandardHelpOptions = true,
        description = "Print parameters and forward-pass Gflops (multiply-accumulates of one image, VAE excluded, "
                + "as in the paper's Table 4) of the 12 DiT configs, or of one with --model.")
final class FlopsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME", description = "one config, e.g. DiT-XL/2 (default: all 12)")
    private String model;

    @Option(names = "--image-size", paramLabel = "PX", defaultValue = "256",
            description = "image size in pixels, 256 or 512 (latent = size / 8; default ${DEFAULT-VALUE})")
    private int imageSize;

    @Option(names = "--block", paramLabel = "DESIGN", defaultValue = "adaln-zero",
            description = "adaln-zero, adaln, cross-attention or in-context (default ${DEFAULT-VALUE})")
    private String block;

    @Option(names = "--json", description = "machine-readable output")
    private boolean json;

    @Override
    public Integer call() {
        if (imageSize != 256 && imageSize != 512) {
            throw new ParameterException(spec.commandLine(), "--image-size must be 256 or 512, got " + imageSize);
        }
        BlockType design = parseBlock();
        List<DiTCost> costs = new ArrayList<>();
        for (DiTConfig preset : model == null ? DiTConfig.presetsByName().values() : List.of(parseModel())) {
            costs.add(DiTCost.of(preset.withInputSize(imageSize / 8).withBlockType(design)));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(new GsonBuilder().setPrettyPrinting().create().toJson(costs.stream().map(FlopsCommand::asMap).toList()));
        } else {
            out.printf("%-9s %5s %-15s %5s %6s %5s %6s %13s %13s %9s%n", "model", "image", "block", "depth",
                    "hidden", "patch", "tokens", "params", "trainable", "Gflops");
            costs.forEach(c -> out.printf(Locale.ROOT, "%-9s %5d %-15s %5d %6d %5d %6d %,13d %,13d %9.2f%n",
                    c.config().modelName(), c.config().imageSize(), c.config().blockType().cliName(), c.config().depth(),
                    c.config().hiddenSize(), c.config().patchSize(), c.config().numPatches(), c.params(),
                    c.trainableParams(), c.gflops()));
        }
        out.flush();
        return 0;
    }

    private BlockType parseBlock() {
        return Flags.parse(spec, "--block", () -> BlockType.parse(block));
    }

    private DiTConfig parseModel() {
        return Flags.parse(spec, "--model", () -> DiTConfig.byName(model));
    }

    private static Map<String, Object> asMap(DiTCost c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", c.config().modelName());
        m.put("image_size", c.config().imageSize());
        m.put("input_size", c.config().inputSize());
        m.put("block", c.config().blockType().cliName());
        m.put("depth", c.config().depth());
        m.put("hidden_size", c.config().hiddenSize());
        m.put("patch_size", c.config().patchSize());
        m.put("num_heads", c.config().numHeads());
        m.put("tokens", c.config().numPatches());
        m.put("params", c.params());
        m.put("trainable_params", c.trainableParams());
        m.put("macs", c.macs());
        m.put("gflops", Math.round(c.gflops() * 1e4) / 1e4);
        return m;
    }
}
