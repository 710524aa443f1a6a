package org.ditjava.eval.features.inception;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ditjava.io.torch.TorchCheckpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** State dicts and files that are not pytorch-fid's Inception fail naming the file and tensor. */
class PthInceptionErrorsTest {
    private static Map<String, INDArray> good;
    @TempDir
    Path tmp;

    @BeforeAll
    static void read() throws IOException {
        good = new LinkedHashMap<>();
        try (TorchCheckpoint c = TorchCheckpoint.open(PthInceptionParityTest.fixture("fid_inception.pth"))) {
            for (String n : c.names()) {
                good.put(n, c.read(n));
            }
        }
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
        }
    }

    @Test
    void aMissingTensorIsNamed() {
        Map<String, INDArray> sd = new LinkedHashMap<>(good);
        sd.remove("Mixed_7c.branch_pool.bn.running_var");
        assertMessage(assertThrows(IllegalArgumentException.class, () -> PthInceptionNetwork.fromStateDict(sd, "w.pth", "x")),
                "w.pth", "Mixed_7c.branch_pool.bn.running_var");
    }

    @Test
    void aWidthThatDoesNotFitTheLayersBeforeIsNamed() {
        Map<String, INDArray> sd = new LinkedHashMap<>(good);
        INDArray w = sd.get("Mixed_5c.branch1x1.conv.weight");
        sd.put("Mixed_5c.branch1x1.conv.weight", Nd4j.zeros(w.dataType(), w.size(0), w.size(1) + 1, w.size(2), w.size(3)));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> PthInceptionNetwork.fromStateDict(sd, "w.pth", "x")),
                "Mixed_5c.branch1x1.conv.weight", "dimension 1 should be");
    }

    @Test
    void aTensorOfAnotherNetworkIsNamedButBatchCountersAreIgnored() {
        Map<String, INDArray> sd = new LinkedHashMap<>(good);
        sd.put("Conv2d_1a_3x3.bn.num_batches_tracked", Nd4j.scalar(7L));
        PthInceptionNetwork.fromStateDict(sd, "w.pth", "x");
        sd.put("AuxLogits.fc.weight", Nd4j.zeros(2, 2));
        assertMessage(assertThrows(IllegalArgumentException.class, () -> PthInceptionNetwork.fromStateDict(sd, "w.pth", "x")),
                "1 tensors are not part", "AuxLogits.fc.weight");
    }

    @Test
    void filesThatAreNotCheckpointsNameTheFile() throws IOException {
        Path missing = tmp.resolve("pt_inception.pth");
        assertMessage(assertThrows(IOException.class, () -> PthInceptionNetwork.load(missing)), missing.toString());
        Path text = Files.writeString(tmp.resolve("notes.pth"), "not a checkpoint");
        assertMessage(assertThrows(IOException.class, () -> PthInceptionNetwork.load(text)), text.toString());
    }
}
