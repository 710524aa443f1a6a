package org.ditjava.eval.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ditjava.onnx.GraphCache;
import org.ditjava.onnx.OnnxGraph;
import org.ditjava.onnx.OnnxImporter;
import org.ditjava.onnx.TensorSpec;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The FID Inception-v3 as the community uses it (pytorch-fid's {@code pt_inception} graph, exported
 * to ONNX), imported into SameDiff through dit-vae's ONNX importer. The graph contract: input
 * {@code images} float32 (N, 3, H, W) in [0, 255], with the /255, the bilinear resize to 299 and the
 * [-1, 1] scaling inside the graph; outputs {@code pool3} (N, 2048), {@code logits} (N, 1008) and
 * {@code spatial} (N, 192, 17, 17), the raw {@code Mixed_6d.branch1x1} convolution = TF
 * {@code mixed_6/conv} whose first 7 channels are the sFID feature ({@link SpatialFeatures}).
 * {@code scripts/export_fid_inception.py} exports the real network with these names.
 *
 * <p>Deviation from ADM: the suite runs the original TF graph ({@code classify_image_graph_def.pb})
 * with its own resize; like every pytorch-fid-based pipeline, features (and FID) can differ slightly
 * from ADM's numbers even with the real weights.
 */
public final class OnnxInceptionNetwork implements FeatureNetwork {
    /** The graph's input and outputs. */
    public static final String IMAGES = "images";
    public static final String POOL3 = "pool3";
    public static final String LOGITS = "logits";
    public static final String SPATIAL = "spatial";
    /** The file name looked for when a folder is given. */
    public static final String DEFAULT_FILE = "fid_inception.onnx";

    private final OnnxGraph graph;
    private final String id;

    private OnnxInceptionNetwork(OnnxGraph graph, String id) {
        this.graph = graph;
        this.id = id;
    }

    /**
     * Imports an {@code .onnx} file, or the {@value #DEFAULT_FILE} (else the only {@code .onnx}) of a
     * folder, through dit-vae's {@link GraphCache} kept in {@link GraphCache#userCacheDir}
     * ({@code ~/.cache/dit-java/onnx/<sha256 prefix>/}), so only the first run pays the ONNX import;
     * fails naming the file when the graph lacks the contract's input or outputs.
     */
    public static OnnxInceptionNetwork load(Path fileOrFolder) throws IOException {
        return load(fileOrFolder, null);
    }

    /** {@link #load(Path)} with the imported graph cached in {@code cacheDir} ({@code null}: the user cache). */
    public static OnnxInceptionNetwork load(Path fileOrFolder, Path cacheDir) throws IOException {
        Path file = resolve(fileOrFolder);
        String sha = GraphCache.sha256(file);
        OnnxGraph graph = GraphCache.load(file, cacheDir != null ? cacheDir : GraphCache.userCacheDir(sha), sha);
        requireContract(file, graph);
        return new OnnxInceptionNetwork(graph, "onnx-" + sha.substring(0, 16) + "-m" + OnnxImporter.MAPPING_VERSION);
    }

    static Path resolve(Path p) throws IOException {
        if (!Files.isDirectory(p)) {
            if (!Files.isRegularFile(p)) {
                throw new IOException(p + ": no such ONNX file or folder");
            }
            return p;
        }
        if (Files.isRegularFile(p.resolve(DEFAULT_FILE))) {
            return p.resolve(DEFAULT_FILE);
        }
        List<Path> onnx;
        try (Stream<Path> s = Files.list(p)) {
            onnx = s.filter(f -> f.getFileName().toString().endsWith(".onnx")).sorted().toList();
        }
        if (onnx.size() != 1) {
            throw new IOException(p + ": expected " + DEFAULT_FILE + " or exactly one .onnx file, found " + onnx.size()
                    + " (or give pytorch-fid's pt_inception-2015-12-05-6726825d.pth itself; dit-eval/scripts/export_fid_inception.py exports the ONNX form)");
        }
        return onnx.get(0);
    }

    private static void requireContract(Path file, OnnxGraph g) throws IOException {
        List<String> ins = g.inputs().stream().map(TensorSpec::name).toList();
        List<String> outs = g.outputs().stream().map(TensorSpec::name).toList();
        if (!ins.equals(List.of(IMAGES)) || !outs.containsAll(List.of(POOL3, LOGITS, SPATIAL))) {
            throw new IOException(file + ": not an FID Inception export: inputs " + ins + ", outputs " + outs
                    + " (expected input 'images' and outputs 'pool3', 'logits', 'spatial')");
        }
    }

    /** The raw graph outputs (pool3, logits, spatial (N, C, 17, 17)) for float32 (N, 3, H, W) images in [0, 255]. */
    public Map<String, INDArray> outputs(INDArray images) {
        return graph.run(Map.of(IMAGES, images.castTo(DataType.FLOAT)));
    }

    @Override
    public FeatureBatch extract(INDArray images) {
        Map<String, INDArray> out = outputs(images);
        return new FeatureBatch(out.get(POOL3), out.get(LOGITS), SpatialFeatures.fromNchw(out.get(SPATIAL)));
    }

    @Override
    public String id() {
        return id;
    }
}
