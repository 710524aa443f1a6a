package org.ditjava.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ditjava.diffusion.ClassifierFreeGuidance;
import org.ditjava.diffusion.GuidedChannels;
import org.ditjava.io.TensorFileException;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DiT ready to run: the SameDiff graph ({@link DiTGraph}) plus weight handling, the plain forward
 * pass and the classifier-free-guidance forward pass (official {@code DiT.forward},
 * {@code DiT.forward_with_cfg}).
 */
public final class DiTModel {
    /** Bytes of released intermediates the inference session keeps for reuse (bench/NOTES.md). */
    public static final long FORWARD_POOL_BYTES = 512L << 20;

    private final DiTGraph graph;
    private final ParamList params;

    private DiTModel(DiTNet net, DataType dtype) {
        this.graph = net.build(dtype);
        this.params = net.params();
    }

    /** The graph of {@code config} with the official initialisation drawn from {@code seed}. */
    public static DiTModel initialized(DiTConfig config, long seed, DataType dtype) {
        DiTModel m = new DiTModel(new DiTNet(config), dtype);
        Map<String, INDArray> init = DiTInit.official(config, seed, dtype);
        m.setWeights(init);
        init.values().stream().filter(INDArray::closeable).forEach(INDArray::close); // copied into the graph (RSS)
        return m;
    }

    /** The graph of {@code config} with the given weights (official names; checked in full). */
    public static DiTModel withWeights(DiTConfig config, Map<String, INDArray> weights, DataType dtype) {
        DiTModel m = new DiTModel(new DiTNet(config), dtype);
        m.setWeights(weights);
        return m;
    }

    /** Loads weights from {@code file} (any {@link DiTWeightFile} form) for {@code config}, checked against the file. */
    public static DiTModel load(Path file, DiTConfig config, DataType dtype) throws IOException {
        return load(file, DiTLoadOptions.defaults().withConfig(config), dtype);
    }

    /**
     * Loads weights from {@code file} with the configuration from its {@code cfg.*} keys or, when it has
     * none (released {@code .pt} checkpoints), inferred from its tensor shapes ({@link DiTShapeInference}).
     */
    public static DiTModel load(Path file, DataType dtype) throws IOException {
        return load(file, DiTLoadOptions.defaults(), dtype);
    }

    /**
     * Loads a DiT from {@code .npz}, {@code .safetensors} or PyTorch {@code .pt} / {@code .pth} (a state
     * dict, or the {@link DiTLoadOptions#weightsKey} part of a {@code train.py} checkpoint). Each tensor is
     * read and copied into the graph in turn, so the file is never held in memory twice.
     */
    public static DiTModel load(Path file, DiTLoadOptions options, DataType dtype) throws IOException {
        try (DiTWeightFile src = DiTWeightFile.open(file, options.weightsKey())) {
            DiTConfig config = configOf(src, options);
            DiTModel m = new DiTModel(new DiTNet(config), dtype);
            DiTWeights.readEach(src, config, m.params, m::assignAndRelease);
            return m;
        }
    }

    /** The configuration {@link #load(Path, DiTLoadOptions, DataType)} would build, without reading any weight. */
    public static DiTConfig configOf(Path file, DiTLoadOptions options) throws IOException {
        try (DiTWeightFile src = DiTWeightFile.open(file, options.weightsKey())) {
            return configOf(src, options);
        }
    }

    private static DiTConfig configOf(DiTWeightFile src, DiTLoadOptions options) throws IOException {
        if (options.config().isPresent()) {
            DiTConfig given = options.config().get();
            checkAgainstFile(src, given);
            return given;
        }
        java.util.Optional<DiTConfig> stored = DiTConfigTensors.read(src);
        if (stored.isPresent()) {
            DiTConfig c = stored.get();
            return options.numHeads().isPresent() ? new DiTConfig(c.depth(), c.hiddenSize(), c.patchSize(),
                    options.numHeads().getAsInt(), c.inputSize(), c.inChannels(), c.numClasses(), c.classDropoutProb(),
                    c.learnSigma(), c.blockType(), c.mlpRatio()) : c;
        }
        return DiTShapeInference.infer(src, options.numHeads());
    }

    /** A given config whose tensors do not fit the file: say which settings differ when the shapes show it. */
    private static void checkAgainstFile(DiTWeightFile src, DiTConfig given) throws IOException {
        try {
            DiTWeights.check(src.file().toString(), given, DiTWeights.shapesOf(src));
        } catch (WeightMismatchException e) {
            String diff;
            try {
                diff = DiTShapeInference.differences(given, DiTShapeInference.infer(src, java.util.OptionalInt.empty()));
            } catch (TensorFileException notInferable) {
                throw e;
            }
            if (diff.isEmpty()) {
                throw e;
            }
            throw new TensorFileException(src.file(), null, "the given DiT configuration (" + given.modelName()
                    + ") disagrees with the file's tensor shapes: " + diff, e);
        }
    }

    /** Writes the weights and the {@code cfg.*} keys ({@code .npz} or {@code .safetensors}). */
    public void save(Path file) throws IOException {
        DiTWeights.write(file, config(), weights());
    }

    public DiTConfig config() {
        return graph.config();
    }

    public DiTGraph graph() {
        return graph;
    }

    /** Every tensor in {@code state_dict} order with its shape and initialisation. */
    public ParamList params() {
        return params;
    }

    /** Replaces every weight (cast to the graph type); a mismatch is reported in full and changes nothing. */
    public void setWeights(Map<String, INDArray> weights) {
        DiTWeights.check("weights", config(), params, DiTWeights.shapesOf(weights));
        for (ParamSpec spec : params.all()) {
            assign(spec.name(), weights.get(spec.name()));
        }
    }

    private void assign(String name, INDArray value) {
        graph.sd().getArrForVarName(name).assign(value.castTo(graph.dtype()));
    }

    /**
     * Copies a freshly read tensor into the graph and frees it at once: its off-heap memory would
     * otherwise wait for a garbage collection, which a small heap rarely needs, and a 2.7 GB
     * checkpoint would sit in memory twice (measured: 5.9 GB RSS after loading XL/2, 3.3 GB with this).
     */
    private void assignAndRelease(String name, INDArray value) {
        INDArray cast = value.castTo(graph.dtype());
        graph.sd().getArrForVarName(name).assign(cast);
        if (cast != value && cast.closeable()) {
            cast.close();
        }
        if (value.closeable()) {
            value.close();
        }
    }

    /** Copies of every weight, in {@code state_dict} order. */
    public Map<String, INDArray> weights() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (ParamSpec spec : params.all()) {
            out.put(spec.name(), graph.sd().getArrForVarName(spec.name()).dup());
        }
        return out;
    }

    /** Model output (N, outC, H, W) for latents x (N, C, H, W), timesteps t (N) and labels y (N). */
    public INDArray forward(INDArray x, INDArray t, INDArray y) {
        return evaluate(x, t, y, graph.out()).get(graph.out().name());
    }

    /**
     * Values of any graph variables (e.g. the debug handles of {@link #graph()}), keyed by variable name.
     * The graph's session on this thread reuses released intermediates through a {@link PooledMemoryMgr}
     * of {@link #FORWARD_POOL_BYTES} (M2.1's default cache may hold a quarter of JavaCPP's maxbytes).
     */
    public Map<String, INDArray> evaluate(INDArray x, INDArray t, INDArray y, SDVariable... outputs) {
        String[] names = Arrays.stream(outputs).map(SDVariable::name).toArray(String[]::new);
        SessionMemory.ensurePooled(graph.sd(), () -> new PooledMemoryMgr(FORWARD_POOL_BYTES));
        return graph.sd().output(placeholders(x, t, y), names);
    }

    /** {@link #forwardWithCfg(INDArray, INDArray, INDArray, double, GuidedChannels)} on the official 3 channels. */
    public INDArray forwardWithCfg(INDArray x, INDArray t, INDArray y, double scale) {
        return forwardWithCfg(x, t, y, scale, GuidedChannels.FIRST_THREE);
    }

    /**
     * Official {@code forward_with_cfg}: the first half of x is duplicated (the second half ignored),
     * t and y are used as given (y = conditional labels, then null labels), and the guided channels
     * of both halves become ε_u + s·(ε_c − ε_u). The mixing is dit-diffusion's
     * {@link ClassifierFreeGuidance}, applied to this model as its denoiser.
     */
    public INDArray forwardWithCfg(INDArray x, INDArray t, INDArray y, double scale, GuidedChannels channels) {
        return new ClassifierFreeGuidance(this::forward, scale, channels).apply(x, t, y);
    }

    /** The placeholder map, cast to the graph's types, after checking shapes and label range. */
    public Map<String, INDArray> placeholders(INDArray x, INDArray t, INDArray y) {
        DiTConfig c = config();
        long[] want = {x.rank() == 4 ? x.size(0) : -1, c.inChannels(), c.inputSize(), c.inputSize()};
        if (x.rank() != 4 || !Arrays.equals(x.shape(), want)) {
            throw new IllegalArgumentException("x has shape " + Arrays.toString(x.shape()) + ", expected (N, "
                    + c.inChannels() + ", " + c.inputSize() + ", " + c.inputSize() + ")");
        }
        long n = x.size(0);
        for (Map.Entry<String, INDArray> e : Map.of("t", t, "y", y).entrySet()) {
            if (e.getValue().length() != n) {
                throw new IllegalArgumentException(e.getKey() + " has " + e.getValue().length()
                        + " values for a batch of " + n);
            }
        }
        INDArray labels = y.castTo(DataType.INT64).reshape(n);
        long lo = labels.minNumber().longValue();
        long hi = labels.maxNumber().longValue();
        if (lo < 0 || hi >= c.labelTableRows()) {
            throw new IllegalArgumentException("labels must lie in 0.." + (c.labelTableRows() - 1)
                    + (c.hasNullClass() ? " (" + c.nullClass() + " = null class)" : "") + "; got " + lo + ".." + hi);
        }
        // float32 first, as the reference casts t to float32 before the frequency product
        INDArray times = t.castTo(DataType.FLOAT).castTo(graph.dtype()).reshape(n);
        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put(graph.x().name(), x.castTo(graph.dtype()));
        m.put(graph.t().name(), times);
        m.put(graph.y().name(), labels);
        return m;
    }

    /** Names of the trainable variables (everything but {@code pos_embed}). */
    public List<String> trainableNames() {
        return params.all().stream().filter(ParamSpec::trainable).map(ParamSpec::name).toList();
    }
}
