package org.ditjava.eval.features.inception;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Map;
import org.ditjava.eval.features.FeatureBatch;
import org.ditjava.eval.features.SpatialFeatures;
import org.ditjava.io.NpzReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The FID Inception built natively from pytorch-fid-named weights ({@code fixtures/pretrained/fid_inception.pth})
 * against PyTorch's outputs ({@code inception_pth_expected.npz}): pool3, logits and spatial within
 * {@code 1e-4 · max |ref|} (the fixture README's tolerance). Widths and sizes come from the files.
 */
class PthInceptionParityTest {
    private static final double TOL = 1e-4;
    private static PthInceptionNetwork net;
    private static NpzReader expected;

    static Path fixture(String name) {
        try {
            return Path.of(PthInceptionParityTest.class.getResource("/fixtures/pretrained/" + name).toURI());
        } catch (URISyntaxException | NullPointerException e) {
            throw new IllegalStateException("fixture " + name + " missing from the test resources", e);
        }
    }

    @BeforeAll
    static void load() throws IOException {
        net = PthInceptionNetwork.load(fixture("fid_inception.pth"));
        expected = NpzReader.open(fixture("inception_pth_expected.npz"));
    }

    private static void assertWithin(INDArray ref, INDArray ours, String what) {
        assertArrayEquals(ref.shape(), ours.shape(), what + " shape");
        double rel = ours.castTo(DataType.DOUBLE).sub(ref.castTo(DataType.DOUBLE)).amaxNumber().doubleValue()
                / ref.amaxNumber().doubleValue();
        System.out.printf("parity pth %-8s max|diff| / max|ref| %.3g%n", what, rel);
        assertTrue(rel <= TOL, what + ": relative max diff " + rel + " > " + TOL);
    }

    @Test
    void outputsMatchPyTorch() throws IOException {
        Map<String, INDArray> out = net.outputs(expected.read("images"));
        for (String k : new String[] {"pool3", "logits", "spatial"}) {
            assertWithin(expected.read(k), out.get(k), k);
        }
    }

    @Test
    void featuresAreTheOutputsPerImageWhateverTheBatch() throws IOException {
        INDArray images = expected.read("images");
        FeatureBatch all = net.extract(images);
        INDArray last = images.get(NDArrayIndex.interval(images.size(0) - 1, images.size(0)), NDArrayIndex.all(),
                NDArrayIndex.all(), NDArrayIndex.all()).dup();
        FeatureBatch one = net.extract(last);
        INDArray lastPool = expected.read("pool3").get(NDArrayIndex.interval(images.size(0) - 1, images.size(0)), NDArrayIndex.all());
        assertWithin(lastPool, one.pool(), "pool3 of the last image alone");
        assertWithin(SpatialFeatures.fromNchw(expected.read("spatial")), all.spatial(), "sFID features");
        assertEquals(expected.read("logits").size(1), all.logits().size(1));
        assertTrue(net.id().startsWith("pth-"), net.id());
    }
}
