package org.ditjava.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Callable;
import org.ditjava.diffusion.GuidedChannels;
import org.ditjava.io.TensorFiles;
import org.ditjava.model.DiTConfig;
import org.ditjava.model.DiTLoadOptions;
import org.ditjava.model.ForwardFiles;
import org.nd4j.linalg.api.ndarray.INDArray;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dit forward}: one DiT forward pass (and the CFG pass) from tensor files. */
@Command(name = "forward", mixinStandardHelpOptions = true,
        description = {"Run a DiT forward pass on weights (.pt/.pth, .npz, .safetensors) and inputs (.npz/.safetensors).",
            "Inputs: in.x (N,C,H,W), in.t (N), in.y (N); for guidance also in.x_cfg, in.t_cfg, in.y_cfg, "
                + "in.cfg_scale. Writes out.forward (and out.forward_with_cfg). The config comes from --model, else "
                + "the cfg.* keys of either file, else the weights' tensor shapes."})
final class ForwardCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--weights", required = true, paramLabel = "FILE",
            description = "weights keyed by official state_dict names: .pt/.pth (state dict or train.py checkpoint), .npz, .safetensors")
    private Path weights;

    @Option(names = "--inputs", required = true, paramLabel = "FILE", description = "input arrays (in.*)")
    private Path inputs;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "output .npz or .safetensors")
    private Path out;

    @Mixin
    private WeightsOptions weightsOptions;

    @Option(names = "--guide-all-channels",
            description = "guide every noise channel (default: the first 3, as the official forward_with_cfg)")
    private boolean allChannels;

    @Override
    public Integer call() throws Exception {
        OutputChecks.require(spec, "--out", out, weights, "the weights", inputs, "the inputs");
        DiTLoadOptions options = weightsOptions.toLoadOptions(spec, weights, false);
        DiTConfig config = ForwardFiles.resolveConfig(weights, inputs, options);
        GuidedChannels channels = allChannels ? GuidedChannels.ALL_EPSILON : GuidedChannels.FIRST_THREE;
        Map<String, INDArray> result = ForwardFiles.run(weights, inputs, options.withConfig(config), channels);
        TensorFiles.write(out, result);
        PrintWriter w = spec.commandLine().getOut();
        result.forEach((k, v) -> w.println(k + " " + Arrays.toString(v.shape()) + " -> " + out));
        w.flush();
        return 0;
    }
}
