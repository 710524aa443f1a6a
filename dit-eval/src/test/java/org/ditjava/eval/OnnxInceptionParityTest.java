package org.ditjava.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.ditjava.eval.features.FeatureBatch;
import org.ditjava.eval.features.ImageLayout;
import org.ditjava.eval.features.OnnxInceptionNetwork;
import org.ditjava.io.NpzReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The FID Inception imported from ONNX against PyTorch's outputs in
 * {@code fixtures/inception/inception_io.npz} (reduced-width, random-weight export): every output
 * within the fixture README's {@code max |ours − ref| ≤ 1e-4 · max |ref|}, for any batch size.
 */
class OnnxInceptionParityTest {
    private static final double TOL = 1e-4;
    private static OnnxInceptionNetwork net;
    private static Map<String, INDArray> ref;
    @TempDir
    static Path cacheDir;

    @BeforeAll
    static void load() throws IOException {
        Path dir = EvalFixture.resource("fixtures/inception");
        OnnxInceptionNetwork.load(dir.resolve("fid_inception_w16.onnx"), cacheDir);
        // the parity checks run on the graph read back from the import cache, what later runs use
        net = OnnxInceptionNetwork.load(dir.resolve("fid_inception_w16.onnx"), cacheDir);
        try (NpzReader npz = NpzReader.open(dir.resolve("inception_io.npz"))) {
            ref = Map.of("images", npz.read("images"), "pool3", npz.read("pool3"), "logits", npz.read("logits"),
                    "spatial", npz.read("spatial"), "sfid_features", npz.read("sfid_features"));
        }
    }

    private static double rel(INDArray ours, INDArray expected) {
        return ours.castTo(DataType.DOUBLE).sub(expected.castTo(DataType.DOUBLE)).amaxNumber().doubleValue()
                / expected.amaxNumber().doubleValue();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 0})
    void outputsMatchPyTorchForAnyBatchSize(int batch) {
        INDArray images = ref.get("images");
        long n = images.size(0);
        int b = batch == 0 ? (int) n : batch;
        INDArray[] parts = new INDArray[] {null, null, null, null};
        String[] keys = {"pool3", "logits", "spatial"};
        for (long r = 0; r < n; r += b) {
            Map<String, INDArray> out = net.outputs(images.get(NDArrayIndex.interval(r, Math.min(n, r + b))).dup());
            for (int k = 0; k < keys.length; k++) {
                parts[k] = parts[k] == null ? out.get(keys[k]) : Nd4j.concat(0, parts[k], out.get(keys[k]));
            }
        }
        for (int k = 0; k < keys.length; k++) {
            double rel = rel(parts[k], ref.get(keys[k]));
            System.out.printf("inception %s batch %d: rel %.2e%n", keys[k], b, rel);
            assertTrue(rel <= TOL, keys[k] + " batch " + b + ": " + rel);
        }
    }

    @Test
    void featureBatchCarriesTheSfidFeatures() {
        INDArray nchw = ref.get("images");
        INDArray nhwcUint8 = nchw.permute(0, 2, 3, 1).dup().castTo(DataType.UBYTE);
        FeatureBatch f = net.extract(nhwcUint8, ImageLayout.NHWC);
        assertTrue(rel(f.spatial(), ref.get("sfid_features")) <= TOL);
        assertTrue(rel(f.pool(), ref.get("pool3")) <= TOL);
        assertEquals(ref.get("logits").size(1), f.logits().size(1));
    }

    @Test
    void otherGraphsAndMissingFilesAreRejected(@TempDir Path dir) throws IOException {
        IOException missing = assertThrows(IOException.class, () -> OnnxInceptionNetwork.load(dir.resolve("nope.onnx")));
        assertTrue(missing.getMessage().contains("nope.onnx"), missing.getMessage());
        IOException empty = assertThrows(IOException.class, () -> OnnxInceptionNetwork.load(dir));
        assertTrue(empty.getMessage().contains("export_fid_inception.py"), empty.getMessage());
        Path folder = Files.createDirectories(dir.resolve("net"));
        Files.copy(EvalFixture.resource("fixtures/inception/fid_inception_w16.onnx"), folder.resolve("x.onnx"));
        Path cache = dir.resolve("cache");
        String id = OnnxInceptionNetwork.load(folder, cache).id();
        assertTrue(id.startsWith("onnx-"));
        // the import is cached in the given folder, not beside the ONNX, and the reload names the same network
        assertTrue(Files.isRegularFile(cache.resolve("x.onnx.samediff")));
        assertFalse(Files.exists(folder.resolve("x.onnx.samediff")));
        assertEquals(id, OnnxInceptionNetwork.load(folder, cache).id());
    }
}
