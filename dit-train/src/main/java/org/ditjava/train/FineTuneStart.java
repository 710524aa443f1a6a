package org.ditjava.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ditjava.model.DiTConfig;
import org.ditjava.model.DiTInit;
import org.ditjava.model.DiTLoadOptions;
import org.ditjava.model.DiTModel;
import org.ditjava.model.DiTWeightFile;
import org.ditjava.model.ParamSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The starting point of fine-tuning from a weight file (a released {@code .pt}, a {@code train.py}
 * checkpoint, {@code .safetensors} / {@code .npz}): the file's architecture (depth, width, patch, heads,
 * MLP ratio, learn-sigma) at the data's image size and class count, with the file's weights. Where the
 * data differ from the file, the tensors that depend on them start fresh from the official
 * initialisation (seeded): the label table {@code y_embedder.embedding_table.weight} when the class count
 * differs, and the fixed sin-cos {@code pos_embed} when the image size does; {@link #notes} says so.
 *
 * @param model   the configuration to train
 * @param weights initial weights, every tensor of {@code model}
 * @param notes   what was re-initialised and why (empty when the file fits as is)
 */
public record FineTuneStart(DiTConfig model, Map<String, INDArray> weights, List<String> notes) {
    static final String LABEL_TABLE = "y_embedder.embedding_table.weight";
    static final String POS_EMBED = "pos_embed";

    public FineTuneStart {
        weights = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(weights));
        notes = List.copyOf(notes);
    }

    /**
     * Reads {@code file} (its part and configuration chosen by {@code options}) for training on data that
     * {@code fitted} describes (its input size, channels, classes and label dropout are used; its
     * architecture is replaced by the file's).
     */
    public static FineTuneStart from(Path file, DiTLoadOptions options, DiTConfig fitted, long seed) throws IOException {
        DiTConfig source = DiTModel.configOf(file, options);
        if (source.inChannels() != fitted.inChannels()) {
            throw new IllegalArgumentException("the weights in " + file + " take " + source.inChannels()
                    + "-channel inputs but the data has " + fitted.inChannels() + " channels");
        }
        DiTConfig target = new DiTConfig(source.depth(), source.hiddenSize(), source.patchSize(), source.numHeads(),
                fitted.inputSize(), source.inChannels(), fitted.numClasses(), fitted.classDropoutProb(), source.learnSigma(),
                source.blockType(), source.mlpRatio());
        Map<String, INDArray> fresh = DiTInit.official(target, seed, DataType.FLOAT);
        Map<String, INDArray> out = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        try (DiTWeightFile src = DiTWeightFile.open(file, options.weightsKey())) {
            org.ditjava.model.DiTWeights.check(file.toString(), source, org.ditjava.model.DiTWeights.shapesOf(src));
            for (Map.Entry<String, INDArray> kv : fresh.entrySet()) {
                String name = kv.getKey();
                long[] want = kv.getValue().shape();
                long[] have = src.info(name).shape();
                if (java.util.Arrays.equals(want, have)) {
                    out.put(name, src.read(name).castTo(DataType.FLOAT));
                } else {
                    out.put(name, kv.getValue());
                    notes.add(note(name, have, want, source, target));
                }
            }
        }
        return new FineTuneStart(target, out, notes);
    }

    private static String note(String name, long[] have, long[] want, DiTConfig source, DiTConfig target) {
        String shapes = ParamSpec.shapeString(have) + " -> " + ParamSpec.shapeString(want);
        return switch (name) {
            case LABEL_TABLE -> "the label embedding table is re-initialised: the weights have " + source.numClasses()
                    + " classes, the data " + target.numClasses() + " " + shapes;
            case POS_EMBED -> "pos_embed is recomputed for input size " + target.inputSize() + " (the weights' is "
                    + source.inputSize() + "; it is the fixed sin-cos table) " + shapes;
            default -> name + " is re-initialised " + shapes;
        };
    }
}
