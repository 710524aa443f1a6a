package org.ditjava.onnx;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Conv2D;
import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An imported ONNX graph: the SameDiff graph, whose placeholders and outputs carry the ONNX input
 * and output names, and their specs. {@link #run} checks inputs against the specs first, so a
 * wrong shape fails with a message naming the input instead of deep inside libnd4j. Not
 * thread-safe, like the SameDiff graph it wraps.
 */
public final class OnnxGraph {
    /** Where a graph came from. */
    public enum Origin {
        /** Mapped from the ONNX file in this process. */
        IMPORTED,
        /** Loaded from the SameDiff file cached beside the ONNX file. */
        CACHED
    }

    private final SameDiff sameDiff;
    private final List<TensorSpec> inputs;
    private final List<TensorSpec> outputs;
    private final String source;
    private final Origin origin;
    /** Whether the graph must run without libnd4j's oneDNN helpers (see {@link #hasDilatedConv}). */
    private final boolean plainKernels;

    public OnnxGraph(SameDiff sameDiff, List<TensorSpec> inputs, List<TensorSpec> outputs, String source, Origin origin) {
        this.sameDiff = sameDiff;
        this.inputs = List.copyOf(inputs);
        this.outputs = List.copyOf(outputs);
        this.source = source;
        this.origin = origin;
        this.plainKernels = hasDilatedConv(sameDiff);
    }

    /**
     * A dilated {@code conv2d}: the oneDNN helper of libnd4j 1.0.0-M2.1 (the {@code -onednn*} native builds)
     * fails on it ("could not create a descriptor for a dilated convolution forward propagation
     * primitive"), so such graphs run with helpers off; the SD-VAE and Inception have none.
     */
    static boolean hasDilatedConv(SameDiff sd) {
        for (var op : sd.ops()) {
            if (op instanceof Conv2D c && (c.getConfig().getDH() > 1 || c.getConfig().getDW() > 1)) {
                return true;
            }
        }
        return false;
    }

    public SameDiff sameDiff() {
        return sameDiff;
    }

    public List<TensorSpec> inputs() {
        return inputs;
    }

    public List<TensorSpec> outputs() {
        return outputs;
    }

    /** The ONNX file (or model name) the graph was imported from. */
    public String source() {
        return source;
    }

    public Origin origin() {
        return origin;
    }

    /** The only input; fails when there are several. */
    public TensorSpec input() {
        return only(inputs, "input");
    }

    /** The only output; fails when there are several. */
    public TensorSpec output() {
        return only(outputs, "output");
    }

    private TensorSpec only(List<TensorSpec> specs, String what) {
        if (specs.size() != 1) {
            throw new IllegalStateException(source + ": has " + specs.size() + " " + what + "s " + specs + ", not one");
        }
        return specs.get(0);
    }

    /** Runs a one-input, one-output graph. */
    public INDArray run(INDArray input) {
        return run(Map.of(input().name(), input)).get(output().name());
    }

    /** Runs the graph on named inputs and returns every output by name. */
    public Map<String, INDArray> run(Map<String, INDArray> feed) {
        for (TensorSpec spec : inputs) {
            INDArray a = feed.get(spec.name());
            if (a == null) {
                throw new IllegalArgumentException(source + ": input " + spec + " is missing (given: " + feed.keySet() + ")");
            }
            if (!spec.accepts(a)) {
                throw new IllegalArgumentException(source + ": input " + spec + " (? = any size) does not accept "
                        + a.dataType() + java.util.Arrays.toString(a.shape()));
            }
        }
        List<String> names = new ArrayList<>();
        outputs.forEach(o -> names.add(o.name()));
        Environment env = Nd4j.getEnvironment();
        boolean helpers = env.helpersAllowed();
        if (plainKernels) {
            env.allowHelpers(false);
        }
        try {
            return new HashMap<>(sameDiff.output(new HashMap<>(feed), names.toArray(new String[0])));
        } finally {
            env.allowHelpers(helpers);
        }
    }

    @Override
    public String toString() {
        return source + " " + inputs + " -> " + outputs + " (" + origin + ")";
    }
}
