package org.ditjava.vae;

import org.ditjava.onnx.OnnxGraph;
import org.ditjava.onnx.TensorSpec;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One half of a VAE as {@link SdVae} runs it: a one-input, one-output graph over NCHW tensors.
 * Implemented by an imported ONNX graph ({@link #of(OnnxGraph)}) and by the graphs built natively
 * from a diffusers folder ({@code org.ditjava.vae.diffusers.DiffusersVae}). Not thread-safe.
 */
public interface VaeGraph {
    /** Where a graph came from, for logs. */
    enum Origin {
        /** Mapped from an ONNX file in this process. */
        IMPORTED,
        /** Loaded from the SameDiff file cached beside an ONNX file. */
        CACHED,
        /** Built in SameDiff from a diffusers config and safetensors weights. */
        BUILT
    }

    /** The input, {@code -1} for sizes known only at run time. */
    TensorSpec input();

    /** The output, {@code -1} for sizes known only at run time. */
    TensorSpec output();

    /** Runs the graph on one input (checked against {@link #input()}). */
    INDArray run(INDArray x);

    Origin origin();

    /** An imported ONNX graph as a VAE graph. */
    static VaeGraph of(OnnxGraph graph) {
        return new VaeGraph() {
            @Override
            public TensorSpec input() {
                return graph.input();
            }

            @Override
            public TensorSpec output() {
                return graph.output();
            }

            @Override
            public INDArray run(INDArray x) {
                return graph.run(x);
            }

            @Override
            public Origin origin() {
                return graph.origin() == OnnxGraph.Origin.CACHED ? Origin.CACHED : Origin.IMPORTED;
            }

            @Override
            public String toString() {
                return graph.toString();
            }
        };
    }
}
