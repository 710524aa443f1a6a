package org.ditjava.onnx;

import static org.ditjava.onnx.OnnxModelBuilder.intAttr;
import static org.ditjava.onnx.OpTests.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import onnx.Onnx.ModelProto;
import onnx.Onnx.NodeProto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/** Unsupported ops, truncated and malformed files, bad nodes: each fails with a message naming what and where. */
class ImportErrorsTest {
    @TempDir
    Path tmp;

    @Test
    void unsupportedOpFailsBeforeAnythingIsBuiltNamingTypeNodeAndSupportedOps() {
        // the Conv (group 2) would fail to map, but the unsupported ops are reported first
        ModelProto m = new OnnxModelBuilder(14).input("x", DataType.FLOAT, 1, 4, 5, 5).initializer("w", randn(1, 4, 2, 3, 3))
                .node("Conv", List.of("x", "w"), List.of("c"), intAttr("group", 2))
                .node("Erf", List.of("c"), List.of("e"))
                .node("LSTM", List.of("e"), List.of("y")).output("y").build();
        UnsupportedOpException e = assertThrows(UnsupportedOpException.class, () -> OnnxImporter.importModel(m, "model.onnx"));
        assertEquals("Erf", e.opType());
        assertEquals("Erf_1", e.nodeName());
        assertTrue(e.getMessage().startsWith("model.onnx: unsupported ONNX op Erf in node 'Erf_1'"), e.getMessage());
        assertTrue(e.getMessage().contains("also: LSTM 'LSTM_2'"), e.getMessage());
        assertTrue(e.getMessage().contains("Supported ops: " + String.join(", ", OnnxImporter.supportedOps())), e.getMessage());
        assertTrue(e.supported().containsAll(List.of("Conv", "InstanceNormalization", "Resize", "AveragePool", "Gemm")));
    }

    @Test
    void opOfAnotherDomainIsUnsupported() {
        ModelProto base = new OnnxModelBuilder(14).input("x", DataType.FLOAT, 2).node("Relu", List.of("x"), List.of("y")).output("y").build();
        NodeProto custom = base.getGraph().getNode(0).toBuilder().setDomain("com.microsoft").setOpType("FusedGemm").build();
        ModelProto m = base.toBuilder().setGraph(base.getGraph().toBuilder().setNode(0, custom)).build();
        UnsupportedOpException e = assertThrows(UnsupportedOpException.class, () -> OnnxImporter.importModel(m, "m.onnx"));
        assertEquals("com.microsoft.FusedGemm", e.opType());
    }

    @Test
    void aNodeTheMappingCannotHandleNamesFileNodeAndOp() {
        ModelProto m = new OnnxModelBuilder(14).input("x", DataType.FLOAT, 1, 4, 5, 5).initializer("w", randn(1, 4, 2, 3, 3))
                .node("Conv", List.of("x", "w"), List.of("y"), intAttr("group", 2)).output("y").build();
        OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxImporter.importModel(m, "conv.onnx"));
        assertEquals("conv.onnx: node 'Conv_0' (Conv): group=2 is not supported (only 1)", e.getMessage());
    }

    @Test
    void truncatedFilesFailNamingTheFile() throws IOException {
        byte[] full = Files.readAllBytes(Fixtures.dir("vae").resolve("vae_decoder.onnx"));
        for (int len : new int[] {0, 1, 100, full.length / 3, full.length - 100, full.length - 1}) {
            Path f = tmp.resolve("cut_" + len + ".onnx");
            Files.write(f, Arrays.copyOf(full, len));
            OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxImporter.importFile(f), "length " + len);
            assertTrue(e.getMessage().startsWith(f.toString() + ": "), e.getMessage());
            assertEquals(f.toString(), e.source());
        }
    }

    @Test
    void notAnOnnxFileAndMissingFile() throws IOException {
        Path npz = Fixtures.dir("vae").resolve("vae_io.npz");
        OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxImporter.importFile(npz));
        assertTrue(e.getMessage().startsWith(npz + ": "), e.getMessage());
        Path missing = tmp.resolve("missing.onnx");
        e = assertThrows(OnnxImportException.class, () -> OnnxImporter.importFile(missing));
        assertEquals(missing + ": no such file", e.getMessage());
    }

    @Test
    void danglingInputAndUnsupportedOpset() {
        ModelProto dangling = new OnnxModelBuilder(14).input("x", DataType.FLOAT, 2)
                .node("Add", List.of("x", "nowhere"), List.of("y")).output("y").build();
        OnnxImportException e = assertThrows(OnnxImportException.class, () -> OnnxImporter.importModel(dangling, "d.onnx"));
        assertTrue(e.getMessage().contains("reads 'nowhere', which no node, initializer or graph input produces"), e.getMessage());
        ModelProto old = new OnnxModelBuilder(9).input("x", DataType.FLOAT, 2).node("Relu", List.of("x"), List.of("y")).output("y").build();
        e = assertThrows(OnnxImportException.class, () -> OnnxImporter.importModel(old, "old.onnx"));
        assertTrue(e.getMessage().startsWith("old.onnx: opset 9 is not supported"), e.getMessage());
    }

    @Test
    void wrongInputShapeAtRunTimeNamesTheInput() throws IOException {
        OnnxGraph g = OnnxImporter.importModel(new OnnxModelBuilder(14).input("x", DataType.FLOAT, "batch", 3)
                .node("Relu", List.of("x"), List.of("y")).output("y").build(), "relu.onnx");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.run(Nd4j.zeros(DataType.FLOAT, 2, 4)));
        assertEquals("relu.onnx: input 'x' FLOAT[?, 3] (? = any size) does not accept FLOAT[2, 4]", e.getMessage());
    }

    @Test
    void truncatedSameDiffFileFailsNamingIt() throws IOException {
        OnnxGraph g = OnnxImporter.importFile(Fixtures.dir("vae").resolve("vae_encoder.onnx"));
        Path f = tmp.resolve("enc.samediff");
        SameDiffFiles.save(g.sameDiff(), f);
        byte[] bytes = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(bytes, bytes.length / 2));
        IOException e = assertThrows(IOException.class, () -> SameDiffFiles.load(f));
        assertTrue(e.getMessage().startsWith(f + ": not a readable SameDiff graph"), e.getMessage());
    }
}
