package org.ditjava.model;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Handles on a built DiT graph, so callers never repeat variable names. Parameters are graph
 * variables named by their {@code state_dict} keys ({@link DiTNet#params}).
 *
 * @param config        the architecture
 * @param sd            the SameDiff graph
 * @param dtype         floating type of variables and activations
 * @param x             placeholder, latents (N, C, H, W)
 * @param t             placeholder, timesteps (N) in {@code dtype} (fractional allowed)
 * @param y             placeholder, int64 labels (N); {@code numClasses} is the null label
 * @param out           model output (N, outC, H, W): ε (first C channels), then the variance values
 * @param tFreq         sinusoidal timestep features (N, 256)
 * @param tEmb          timestep embedding (N, D)
 * @param yEmb          label embedding (N, D)
 * @param c             conditioning vector t_emb + y_emb (N, D)
 * @param tokens        patch tokens plus positional table (N, T, D)
 * @param blockOutputs  output of each block, (N, T, D) ((N, T+2, D) for in-context)
 * @param finalLayerOut final layer before unpatchify (N, T, p·p·outC)
 * @param taps          every tapped intermediate by module name ({@code blocks.0.adaLN_modulation}, ...)
 */
public record DiTGraph(DiTConfig config, SameDiff sd, DataType dtype, SDVariable x, SDVariable t, SDVariable y,
                       SDVariable out, SDVariable tFreq, SDVariable tEmb, SDVariable yEmb, SDVariable c,
                       SDVariable tokens, List<SDVariable> blockOutputs, SDVariable finalLayerOut,
                       Map<String, SDVariable> taps) {

    public DiTGraph {
        blockOutputs = List.copyOf(blockOutputs);
        taps = Map.copyOf(taps);
    }

    /** Packed adaLN modulation (N, k·D) of block {@code i}; adaLN designs only. */
    public SDVariable blockModulation(int i) {
        SDVariable v = taps.get(Scope.root().child(DiTNet.BLOCKS).child(i).name("adaLN_modulation"));
        if (v == null) {
            throw new IllegalStateException("block " + i + " of a " + config.blockType().cliName()
                    + " model has no adaLN modulation");
        }
        return v;
    }
}
