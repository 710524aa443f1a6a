package org.ditjava.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ditjava.diffusion.GuidedChannels;
import org.ditjava.io.TensorFiles;
import org.ditjava.model.DiTConfig;
import org.ditjava.model.ForwardFiles;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dit forward}: one DiT forward pass (and the CFG pass) from tensor files. */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = {"Run a DiT forward pass on weights and inputs given as .npz/.safetensors files.",
            "Inputs: in.x (N,C,H,W), in.t (N), in.y (N); for guidance also in.x_cfg, in.t_cfg, in.y_cfg, "
                + "in.cfg_scale. Writes out.forward (and out.forward_with_cfg). The config comes from the cfg.* "
                + "keys of either file, else from --model."})
final class ForwardCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--weights", required = true, paramLabel = "FILE", description = "weights keyed by official state_dict names")
    private Path weights;

    @Option(names = "--inputs", required = true, paramLabel = "FILE", description = "input arrays (in.*)")
    private Path inputs;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "output .npz or .safetensors")
    private Path out;

    @Option(names = "--model", paramLabel = "NAME",
            description = "preset to use when neither file has cfg.* keys, e.g. DiT-XL/2")
    private String model;

    @Option(names = "--image-size", paramLabel = "PX", defaultValue = "256",
            description = "with --model: image size in pixels (latent = size / 8; default ${DEFAULT-VALUE})")
    private int imageSize;

    @Option(names = "--guide-all-channels",
            description = "guide every noise channel (default: the first 3, as the official forward_with_cfg)")
    private boolean allChannels;

    @Override
    public Integer call() throws Exception {
        OutputChecks.require(spec, "--out", out, weights, "the weights", inputs, "the inputs");
        Optional<DiTConfig> fallback = Optional.empty();
        if (model != null) {
            fallback = Optional.of(Flags.parse(spec, "--model", () -> DiTConfig.byName(model).withInputSize(imageSize / 8)));
        }
        DiTConfig config = ForwardFiles.resolveConfig(weights, inputs, fallback);
        GuidedChannels channels = allChannels ? GuidedChannels.ALL_EPSILON : GuidedChannels.FIRST_THREE;
        Map<String, INDArray> result = ForwardFiles.run(weights, inputs, config, channels);
        TensorFiles.write(out, result);
        PrintWriter w = spec.commandLine().getOut();
        result.forEach((k, v) -> w.println(k + " " + Arrays.toString(v.shape()) + " -> " + out));
        w.flush();
        return 0;
    }
}
