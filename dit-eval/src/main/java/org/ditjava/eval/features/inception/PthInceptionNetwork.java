package org.ditjava.eval.features.inception;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ditjava.io.torch.TorchCheckpoint;
import org.ditjava.onnx.GraphCache;
import org.ditjava.eval.features.FeatureBatch;
import org.ditjava.eval.features.FeatureNetwork;
import org.ditjava.eval.features.SpatialFeatures;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The FID Inception-v3 built natively in SameDiff from pytorch-fid's weight file
 * ({@code pt_inception-2015-12-05-6726825d.pth}, torchvision {@code Inception3} key names), with the
 * same preprocessing and outputs as the ONNX export ({@code OnnxInceptionNetwork}): images (N, 3, H, W)
 * in [0, 255] → {@link FidResize} → {@link InceptionGraph} → {@code pool3}, {@code logits} and the sFID
 * map ({@link SpatialFeatures}). No export step, no Python.
 *
 * <p>Deviation from ADM, as for the ONNX path: the suite runs the original TF graph with its own
 * resize; features (and FID) can differ slightly from ADM's numbers even with the real weights.
 */
public final class PthInceptionNetwork implements FeatureNetwork {
    private final SameDiff graph;
    private final String id;

    private PthInceptionNetwork(SameDiff graph, String id) {
        this.graph = graph;
        this.id = id;
    }

    /**
     * Reads pytorch-fid's weight file ({@code torch.save(state_dict)}; zip or legacy format, any
     * float type) with dit-io's restricted checkpoint reader and builds the network. Its id is
     * {@code pth-<sha256 prefix>} of the file, so cached reference features follow the weights.
     * Fails with an {@link IOException} naming the file (and the tensor) when it is not that network.
     */
    public static PthInceptionNetwork load(Path pth) throws IOException {
        if (!Files.isRegularFile(pth)) {
            throw new IOException(pth + ": no such weight file");
        }
        Map<String, INDArray> state = new LinkedHashMap<>();
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(pth)) {
            for (String name : ckpt.names()) {
                state.put(name, ckpt.read(name));
            }
        }
        String id = "pth-" + GraphCache.sha256(pth).substring(0, 16);
        try {
            return fromStateDict(state, pth.toString(), id);
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Builds the network from a state dict already read (names as in pytorch-fid's file).
     *
     * @param source the file it came from, for error messages
     * @param id the network's identifier for cached reference features (should change with the weights)
     * @throws IllegalArgumentException naming the source and tensor when the state dict does not fit
     */
    public static PthInceptionNetwork fromStateDict(Map<String, INDArray> stateDict, String source, String id) {
        return new PthInceptionNetwork(InceptionGraph.build(stateDict, source), id);
    }

    /** The raw outputs ({@code pool3}, {@code logits}, {@code spatial} (N, C, 17, 17)) for (N, 3, H, W) images in [0, 255]. */
    public Map<String, INDArray> outputs(INDArray images) {
        INDArray input = FidResize.apply(images, InceptionGraph.SIZE);
        return graph.output(Map.of(InceptionGraph.INPUT, input), InceptionGraph.POOL3, InceptionGraph.LOGITS, InceptionGraph.SPATIAL);
    }

    @Override
    public FeatureBatch extract(INDArray images) {
        Map<String, INDArray> out = outputs(images);
        return new FeatureBatch(out.get(InceptionGraph.POOL3), out.get(InceptionGraph.LOGITS),
                SpatialFeatures.fromNchw(out.get(InceptionGraph.SPATIAL)));
    }

    @Override
    public String id() {
        return id;
    }
}
