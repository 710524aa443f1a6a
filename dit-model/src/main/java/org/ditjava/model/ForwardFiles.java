package org.ditjava.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ditjava.diffusion.GuidedChannels;
import org.ditjava.io.TensorFileException;
import org.ditjava.io.TensorFiles;
import org.ditjava.io.TensorSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A forward pass driven by files, in the fixture layout: inputs {@code in.x}, {@code in.t},
 * {@code in.y} and optionally {@code in.x_cfg}, {@code in.t_cfg}, {@code in.y_cfg},
 * {@code in.cfg_scale}; outputs {@code out.forward} and {@code out.forward_with_cfg}. The
 * configuration comes from the caller's override, else the {@code cfg.*} keys of the weights or the
 * inputs file (they must agree when both have them), else the weights' tensor shapes
 * ({@link DiTShapeInference}). The weights may be any {@link DiTWeightFile} form, PyTorch {@code .pt} included.
 */
public final class ForwardFiles {
    private static final List<String> CFG_INPUTS = List.of("in.x_cfg", "in.t_cfg", "in.y_cfg", "in.cfg_scale");

    private ForwardFiles() {
    }

    /**
     * The configuration for {@code weights} and {@code inputs}; {@code fallback} only when neither file has
     * {@code cfg.*} keys, and the weights' shapes when there is no fallback either.
     */
    public static DiTConfig resolveConfig(Path weights, Path inputs, Optional<DiTConfig> fallback) throws IOException {
        DiTLoadOptions options = fallback.map(c -> DiTLoadOptions.defaults().withConfig(c)).orElse(DiTLoadOptions.defaults());
        return resolveConfig(weights, inputs, options, fallback.isPresent());
    }

    /**
     * The configuration for {@code weights} and {@code inputs}: {@code options}' config when it has one,
     * else the files' {@code cfg.*} keys, else the shapes of the weights {@code options} select.
     */
    public static DiTConfig resolveConfig(Path weights, Path inputs, DiTLoadOptions options) throws IOException {
        return options.config().isPresent() ? options.config().get() : resolveConfig(weights, inputs, options, false);
    }

    private static DiTConfig resolveConfig(Path weights, Path inputs, DiTLoadOptions options, boolean configIsFallback)
            throws IOException {
        Optional<DiTConfig> fromWeights = readConfig(weights);
        Optional<DiTConfig> fromInputs = weights.equals(inputs) ? fromWeights : readConfig(inputs);
        if (fromWeights.isPresent() && fromInputs.isPresent() && !fromWeights.equals(fromInputs)) {
            throw new TensorFileException(inputs, null, "cfg.* keys give " + fromInputs.get()
                    + " but the weights file " + weights + " says " + fromWeights.get());
        }
        Optional<DiTConfig> stored = fromWeights.or(() -> fromInputs);
        if (stored.isPresent()) {
            return stored.get();
        }
        return configIsFallback ? options.config().orElseThrow() : DiTModel.configOf(weights, options);
    }

    /** Runs the forward pass (and the CFG pass when its inputs are present) in float32. */
    public static Map<String, INDArray> run(Path weights, Path inputs, DiTConfig config, GuidedChannels channels)
            throws IOException {
        return run(weights, inputs, DiTLoadOptions.defaults().withConfig(config), channels);
    }

    /** {@link #run(Path, Path, DiTConfig, GuidedChannels)} with the weights (and their config) chosen by {@code options}. */
    public static Map<String, INDArray> run(Path weights, Path inputs, DiTLoadOptions options, GuidedChannels channels)
            throws IOException {
        DiTModel model = DiTModel.load(weights, options, DataType.FLOAT);
        Map<String, INDArray> out = new LinkedHashMap<>();
        try (TensorSource in = TensorFiles.open(inputs)) {
            out.put("out.forward", model.forward(in.read("in.x"), in.read("in.t"), in.read("in.y")));
            long present = CFG_INPUTS.stream().filter(in::contains).count();
            if (present == CFG_INPUTS.size()) {
                double scale = in.read("in.cfg_scale").getDouble(0);
                out.put("out.forward_with_cfg", model.forwardWithCfg(in.read("in.x_cfg"), in.read("in.t_cfg"),
                        in.read("in.y_cfg"), scale, channels));
            } else if (present > 0) {
                throw new TensorFileException(inputs, null, "classifier-free guidance needs all of " + CFG_INPUTS);
            }
        } catch (IllegalArgumentException e) {
            throw new TensorFileException(inputs, null, e.getMessage(), e);
        }
        return out;
    }

    private static Optional<DiTConfig> readConfig(Path file) throws IOException {
        try (TensorSource src = TensorFiles.open(file)) {
            return DiTConfigTensors.read(src);
        }
    }
}
