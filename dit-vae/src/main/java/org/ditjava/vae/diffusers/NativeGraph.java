package org.ditjava.vae.diffusers;

import java.util.Arrays;
import java.util.Map;
import org.ditjava.onnx.TensorSpec;
import org.ditjava.vae.VaeGraph;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A graph built by {@link KlGraphs}: one placeholder, one output, checked before running. */
final class NativeGraph implements VaeGraph {
    private final SameDiff sd;
    private final TensorSpec input;
    private final TensorSpec output;
    private final String source;

    NativeGraph(SameDiff sd, TensorSpec input, TensorSpec output, String source) {
        this.sd = sd;
        this.input = input;
        this.output = output;
        this.source = source;
    }

    @Override
    public TensorSpec input() {
        return input;
    }

    @Override
    public TensorSpec output() {
        return output;
    }

    @Override
    public INDArray run(INDArray x) {
        if (!input.accepts(x)) {
            throw new IllegalArgumentException(source + ": input " + input + " (? = any size) does not accept "
                    + x.dataType() + Arrays.toString(x.shape()));
        }
        return sd.output(Map.of(input.name(), x), output.name()).get(output.name());
    }

    @Override
    public Origin origin() {
        return Origin.BUILT;
    }

    /** The SameDiff graph (for inspection and benchmarks). */
    SameDiff sameDiff() {
        return sd;
    }

    @Override
    public String toString() {
        return source + " " + input + " -> " + output + " (built)";
    }
}
