package org.ditjava.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.ditjava.io.TensorFiles;
import org.ditjava.io.TensorSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Weight files keyed by the official {@code state_dict} names, in {@code .npz} or {@code .safetensors}
 * (read also from PyTorch {@code .pt}, see {@link DiTWeightFile})
 * (PyTorch layouts: Linear weights (out, in), patch kernel (D, C, p, p), {@code pos_embed} (1, T, D)).
 * Keys under {@code cfg.}, {@code in.}, {@code out.} and {@code dbg.} are not weights and are ignored,
 * so a fixture file holding inputs and outputs beside the weights loads as is.
 */
public final class DiTWeights {
    private static final List<String> AUXILIARY_PREFIXES = List.of("cfg.", "in.", "out.", "dbg.");

    private DiTWeights() {
    }

    /** Whether {@code key} names configuration, inputs, outputs or debug values rather than a weight. */
    public static boolean isAuxiliary(String key) {
        return AUXILIARY_PREFIXES.stream().anyMatch(key::startsWith);
    }

    /**
     * Reads and checks every weight of {@code config} from {@code file}, cast to {@code dtype}; a
     * mismatch is reported in full ({@link WeightMismatchException}) before any data is read.
     */
    public static Map<String, INDArray> read(Path file, DiTConfig config, DataType dtype) throws IOException {
        Map<String, INDArray> out = new LinkedHashMap<>();
        readEach(file, config, (name, value) -> out.put(name, value.castTo(dtype)));
        return out;
    }

    /**
     * Checks {@code file} against {@code config} in full, then hands each weight to {@code sink} in
     * {@code state_dict} order, one at a time (so a large checkpoint is never held twice).
     */
    public static void readEach(Path file, DiTConfig config, BiConsumer<String, INDArray> sink) throws IOException {
        readEach(file, config, new DiTNet(config).params(), sink);
    }

    /** {@link #readEach(Path, DiTConfig, BiConsumer)} with {@code config}'s tensors already listed. */
    static void readEach(Path file, DiTConfig config, ParamList params, BiConsumer<String, INDArray> sink)
            throws IOException {
        try (TensorSource src = DiTWeightFile.open(file, WeightsKey.EMA)) {
            readEach(src, config, params, sink);
        }
    }

    /** {@link #readEach(Path, DiTConfig, BiConsumer)} from an open source (e.g. a {@link DiTWeightFile}). */
    static void readEach(TensorSource src, DiTConfig config, ParamList params, BiConsumer<String, INDArray> sink)
            throws IOException {
        check(src.file().toString(), config, params, shapesOf(src));
        for (ParamSpec spec : params.all()) {
            sink.accept(spec.name(), src.read(spec.name()));
        }
    }

    /** The shape of every weight (non-auxiliary tensor) of {@code src}, by name, without reading data. */
    public static Map<String, long[]> shapesOf(TensorSource src) throws IOException {
        Map<String, long[]> shapes = new LinkedHashMap<>();
        for (String name : src.names()) {
            if (!isAuxiliary(name)) {
                shapes.put(name, src.info(name).shape());
            }
        }
        return shapes;
    }

    /** Writes {@code weights} (official names) plus the {@code cfg.*} keys of {@code config}. */
    public static void write(Path file, DiTConfig config, Map<String, INDArray> weights) throws IOException {
        check(file.toString(), config, shapesOf(weights));
        Map<String, INDArray> all = new LinkedHashMap<>(weights);
        all.putAll(DiTConfigTensors.toTensors(config));
        TensorFiles.write(file, all);
    }

    /** Throws {@link WeightMismatchException} unless {@code shapes} are exactly the tensors of {@code config}. */
    public static void check(String source, DiTConfig config, Map<String, long[]> shapes) {
        check(source, config, new DiTNet(config).params(), shapes);
    }

    /** {@link #check(String, DiTConfig, Map)} with {@code config}'s tensors already listed. */
    static void check(String source, DiTConfig config, ParamList params, Map<String, long[]> shapes) {
        List<String> missing = new ArrayList<>();
        List<String> misshaped = new ArrayList<>();
        for (ParamSpec spec : params.all()) {
            long[] found = shapes.get(spec.name());
            if (found == null) {
                missing.add(spec.name() + " " + ParamSpec.shapeString(spec.shape()));
            } else if (!Arrays.equals(found, spec.shape())) {
                misshaped.add(spec.name() + ": " + ParamSpec.shapeString(found) + ", expected "
                        + ParamSpec.shapeString(spec.shape()));
            }
        }
        List<String> unexpected = new ArrayList<>();
        Set<String> known = params.all().stream().map(ParamSpec::name).collect(Collectors.toSet());
        shapes.forEach((name, shape) -> {
            if (!known.contains(name)) {
                unexpected.add(name + " " + ParamSpec.shapeString(shape));
            }
        });
        if (!missing.isEmpty() || !unexpected.isEmpty() || !misshaped.isEmpty()) {
            throw new WeightMismatchException(source, config, missing, unexpected, misshaped);
        }
    }

    /** The shape of each array, by name. */
    public static Map<String, long[]> shapesOf(Map<String, INDArray> arrays) {
        Map<String, long[]> m = new LinkedHashMap<>();
        arrays.forEach((k, v) -> m.put(k, v.shape()));
        return m;
    }
}
