package org.ditjava.model;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ditjava.io.TensorFileException;
import org.ditjava.io.TensorSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A {@link DiTConfig} stored as one-element {@code cfg.*} arrays beside the weights or inputs, named
 * after the official constructor arguments ({@code cfg.hidden_size}, ...), as the fixtures carry it.
 * {@code cfg.block_type} ({@link BlockType#code()}) is this project's addition and defaults to adaLN-Zero.
 */
public final class DiTConfigTensors {
    /** Prefix of the configuration keys. */
    public static final String PREFIX = "cfg.";
    private static final List<String> REQUIRED = List.of("input_size", "patch_size", "in_channels", "hidden_size",
            "depth", "num_heads", "num_classes", "learn_sigma", "class_dropout_prob", "mlp_ratio");

    private DiTConfigTensors() {
    }

    /** The configuration stored in {@code source}; empty when it has no {@code cfg.*} keys. */
    public static Optional<DiTConfig> read(TensorSource source) throws IOException {
        if (source.names().stream().noneMatch(n -> n.startsWith(PREFIX))) {
            return Optional.empty();
        }
        List<String> absent = REQUIRED.stream().map(k -> PREFIX + k).filter(k -> !source.contains(k)).toList();
        if (!absent.isEmpty()) {
            throw new TensorFileException(source.file(), null, "incomplete DiT config, missing " + absent);
        }
        Map<String, Double> v = new LinkedHashMap<>();
        for (String k : REQUIRED) {
            v.put(k, scalar(source, PREFIX + k));
        }
        BlockType block = source.contains(PREFIX + "block_type")
                ? BlockType.ofCode(Math.round(scalar(source, PREFIX + "block_type"))) : BlockType.ADALN_ZERO;
        try {
            return Optional.of(new DiTConfig(integer(v, "depth"), integer(v, "hidden_size"), integer(v, "patch_size"),
                    integer(v, "num_heads"), integer(v, "input_size"), integer(v, "in_channels"),
                    integer(v, "num_classes"), v.get("class_dropout_prob"), v.get("learn_sigma") != 0, block,
                    v.get("mlp_ratio")));
        } catch (IllegalArgumentException e) {
            throw new TensorFileException(source.file(), null, e.getMessage(), e);
        }
    }

    /** The {@code cfg.*} arrays for {@code config} (int64 / float32, shape (1)). */
    public static Map<String, INDArray> toTensors(DiTConfig c) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(PREFIX + "input_size", longs(c.inputSize()));
        m.put(PREFIX + "patch_size", longs(c.patchSize()));
        m.put(PREFIX + "in_channels", longs(c.inChannels()));
        m.put(PREFIX + "hidden_size", longs(c.hiddenSize()));
        m.put(PREFIX + "depth", longs(c.depth()));
        m.put(PREFIX + "num_heads", longs(c.numHeads()));
        m.put(PREFIX + "num_classes", longs(c.numClasses()));
        m.put(PREFIX + "learn_sigma", longs(c.learnSigma() ? 1 : 0));
        m.put(PREFIX + "class_dropout_prob", Nd4j.createFromArray((float) c.classDropoutProb()));
        m.put(PREFIX + "mlp_ratio", Nd4j.createFromArray((float) c.mlpRatio()));
        m.put(PREFIX + "block_type", longs(c.blockType().code()));
        return m;
    }

    private static INDArray longs(long value) {
        return Nd4j.createFromArray(new long[] {value});
    }

    /** One number; float32 values are read back as their shortest decimal (0.1f → 0.1). */
    private static double scalar(TensorSource source, String key) throws IOException {
        INDArray a = source.read(key);
        if (a.length() != 1) {
            throw new TensorFileException(source.file(), key, "expected one value, found shape "
                    + java.util.Arrays.toString(a.shape()));
        }
        return a.dataType() == DataType.FLOAT ? Double.parseDouble(Float.toString(a.getFloat(0))) : a.getDouble(0);
    }

    private static int integer(Map<String, Double> v, String key) {
        double d = v.get(key);
        if (d != Math.rint(d) || Math.abs(d) > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(PREFIX + key + " = " + d + " is not an integer");
        }
        return (int) d;
    }
}
