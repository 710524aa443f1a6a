package org.ditjava.model;

import java.io.IOException;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.ditjava.io.TensorFileException;
import org.ditjava.io.TensorSource;

/**
 * The {@link DiTConfig} a weight file's tensor shapes imply, for files that carry no configuration
 * (the released {@code DiT-XL-2-*.pt}, {@code train.py} checkpoints). Read from the official
 * {@code state_dict} (facebookresearch/DiT {@code models.py}):
 * <ul>
 *   <li>{@code x_embedder.proj.weight} (D, C, p, p): hidden size D, in-channels C, patch p;</li>
 *   <li>{@code pos_embed} (1, T, D): input size √T · p;</li>
 *   <li>{@code blocks.N.*}: depth = number of distinct N; {@code blocks.0.mlp.fc1.weight} (D·r, D): MLP ratio r;</li>
 *   <li>{@code y_embedder.embedding_table.weight} (K, D): K − 1 classes plus the null (CFG) row. Every
 *       released DiT and {@code train.py} use {@code class_dropout_prob = 0.1}, which is what adds that
 *       row; a model trained without label dropout cannot be told apart and needs an explicit config;</li>
 *   <li>{@code final_layer.linear.weight} (p²·C', D): learn-sigma when C' = 2C;</li>
 *   <li>heads: not in any shape. {@link #defaultHeads} follows the official presets (384 → 6, 768 → 12,
 *       1024 → 16, 1152 → 16); other widths get head width 64 when D is a multiple of 64 and at least
 *       256, else head width 16 (the tiny test models: 64 → 4). Give the heads explicitly otherwise.</li>
 * </ul>
 * The block design is adaLN-Zero (the released one).
 */
public final class DiTShapeInference {
    /** The label-dropout probability of the official training script, assumed for inferred configs. */
    public static final double OFFICIAL_CLASS_DROPOUT = 0.1;

    private DiTShapeInference() {
    }

    /** Heads for hidden size {@code hidden} by DiT convention (see the class comment). */
    public static int defaultHeads(int hidden) {
        return switch (hidden) {
            case 384 -> 6;
            case 768 -> 12;
            case 1024, 1152 -> 16;
            default -> hidden % 64 == 0 && hidden >= 256 ? hidden / 64 : hidden % 16 == 0 ? hidden / 16 : 1;
        };
    }

    /** The configuration {@code weights}' shapes imply, with {@code numHeads} or {@link #defaultHeads}. */
    public static DiTConfig infer(TensorSource weights, OptionalInt numHeads) throws IOException {
        long[] patch = shape(weights, "x_embedder.proj.weight", 4);
        int hidden = (int) patch[0];
        int inChannels = (int) patch[1];
        int p = (int) patch[2];
        if (patch[3] != p) {
            throw bad(weights, "x_embedder.proj.weight", "a non-square patch kernel");
        }
        long tokens = shape(weights, "pos_embed", 3)[1];
        int grid = (int) Math.round(Math.sqrt(tokens));
        if ((long) grid * grid != tokens) {
            throw bad(weights, "pos_embed", tokens + " tokens, not a square grid");
        }
        int depth = depth(weights);
        double mlpRatio = shape(weights, "blocks.0.mlp.fc1.weight", 2)[0] / (double) hidden;
        long rows = shape(weights, "y_embedder.embedding_table.weight", 2)[0];
        if (rows < 2) {
            throw bad(weights, "y_embedder.embedding_table.weight", rows + " row(s): no classes beside the null row");
        }
        long outRows = shape(weights, "final_layer.linear.weight", 2)[0];
        long outChannels = outRows / ((long) p * p);
        if (outChannels * p * p != outRows || (outChannels != inChannels && outChannels != 2L * inChannels)) {
            throw bad(weights, "final_layer.linear.weight", outRows + " rows, neither p²·C nor p²·2C for p = " + p
                    + ", C = " + inChannels);
        }
        try {
            return new DiTConfig(depth, hidden, p, numHeads.orElse(defaultHeads(hidden)), grid * p, inChannels,
                    (int) rows - 1, OFFICIAL_CLASS_DROPOUT, outChannels == 2L * inChannels, BlockType.ADALN_ZERO, mlpRatio);
        } catch (IllegalArgumentException e) {
            throw new TensorFileException(weights.file(), null, "the tensor shapes give " + e.getMessage(), e);
        }
    }

    /**
     * The differences between {@code given} and what the shapes imply, as {@code "depth: given 28, file 2"};
     * empty when they agree (heads and label dropout are not compared: shapes do not show them).
     */
    public static String differences(DiTConfig given, DiTConfig inferred) {
        StringBuilder b = new StringBuilder();
        Map<String, Object[]> fields = new java.util.LinkedHashMap<>();
        fields.put("depth", new Object[] {given.depth(), inferred.depth()});
        fields.put("hidden_size", new Object[] {given.hiddenSize(), inferred.hiddenSize()});
        fields.put("patch_size", new Object[] {given.patchSize(), inferred.patchSize()});
        fields.put("input_size", new Object[] {given.inputSize(), inferred.inputSize()});
        fields.put("in_channels", new Object[] {given.inChannels(), inferred.inChannels()});
        fields.put("label table rows", new Object[] {given.labelTableRows(), inferred.labelTableRows()});
        fields.put("learn_sigma", new Object[] {given.learnSigma(), inferred.learnSigma()});
        fields.put("mlp_ratio", new Object[] {given.mlpRatio(), inferred.mlpRatio()});
        fields.forEach((name, v) -> {
            if (!v[0].equals(v[1])) {
                b.append(b.length() == 0 ? "" : "; ").append(name).append(": given ").append(v[0]).append(", file ").append(v[1]);
            }
        });
        return b.toString();
    }

    private static int depth(TensorSource weights) throws TensorFileException {
        TreeSet<Integer> blocks = new TreeSet<>();
        for (String name : weights.names()) {
            if (name.startsWith("blocks.")) {
                int dot = name.indexOf('.', 7);
                try {
                    blocks.add(Integer.parseInt(name.substring(7, dot < 0 ? name.length() : dot)));
                } catch (NumberFormatException e) {
                    throw bad(weights, name, "a block index that is not a number");
                }
            }
        }
        if (blocks.isEmpty() || blocks.first() != 0 || blocks.last() != blocks.size() - 1) {
            throw new TensorFileException(weights.file(), null, "blocks.N tensors are not numbered 0.." + (blocks.size() - 1)
                    + ": " + blocks);
        }
        return blocks.size();
    }

    private static long[] shape(TensorSource weights, String name, int rank) throws IOException {
        if (!weights.contains(name)) {
            throw new TensorFileException(weights.file(), name, "not in the file, so the DiT configuration cannot be "
                    + "inferred from the shapes (is this a DiT state dict?)");
        }
        long[] s = weights.info(name).shape();
        if (s.length != rank) {
            throw bad(weights, name, "rank " + s.length + " where " + rank + " is expected");
        }
        return s;
    }

    private static TensorFileException bad(TensorSource weights, String name, String problem) {
        return new TensorFileException(weights.file(), name, "cannot infer the DiT configuration: " + problem);
    }
}
