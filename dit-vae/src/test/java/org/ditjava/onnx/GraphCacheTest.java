package org.ditjava.onnx;

import static org.ditjava.onnx.OnnxModelBuilder.ints;
import static org.ditjava.onnx.OpTests.randn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The SameDiff cache beside an ONNX file: reused while the source hash matches, redone when it changes. */
class GraphCacheTest {
    @TempDir
    Path tmp;

    private static void writeModel(Path file, long seed) throws IOException {
        Files.write(file, new OnnxModelBuilder(14).input("x", DataType.FLOAT, "batch", 2, 5, 5)
                .initializer("w", randn(seed, 3, 2, 3, 3)).initializer("b", randn(seed + 1, 3))
                .node("Conv", List.of("x", "w", "b"), List.of("c"), ints("pads", 1, 1, 1, 1))
                .node("Relu", List.of("c"), List.of("y")).output("y").bytes());
    }

    @Test
    void secondLoadUsesTheCacheAndAChangedSourceIsImportedAgain() throws IOException {
        Path onnx = tmp.resolve("model.onnx");
        writeModel(onnx, 1);
        INDArray x = randn(9, 2, 2, 5, 5);

        OnnxGraph first = GraphCache.load(onnx);
        assertEquals(OnnxGraph.Origin.IMPORTED, first.origin());
        assertTrue(Files.isRegularFile(tmp.resolve("model.onnx.samediff")));
        String meta = Files.readString(tmp.resolve("model.onnx.samediff.json"));
        assertTrue(meta.contains(GraphCache.sha256(onnx)), meta);

        OnnxGraph second = GraphCache.load(onnx);
        assertEquals(OnnxGraph.Origin.CACHED, second.origin());
        assertEquals(first.inputs(), second.inputs());
        assertEquals(first.outputs(), second.outputs());
        assertEquals(first.run(x), second.run(x));

        writeModel(onnx, 2);
        OnnxGraph changed = GraphCache.load(onnx);
        assertEquals(OnnxGraph.Origin.IMPORTED, changed.origin());
        assertNotEquals(first.run(x), changed.run(x));
        OnnxGraph again = GraphCache.load(onnx);
        assertEquals(OnnxGraph.Origin.CACHED, again.origin());
        assertEquals(changed.run(x), again.run(x));
    }

    @Test
    void aDamagedCacheIsReplaced() throws IOException {
        Path onnx = tmp.resolve("model.onnx");
        writeModel(onnx, 3);
        Path cacheDir = tmp.resolve("cache");
        INDArray x = randn(10, 1, 2, 5, 5);
        INDArray expected = GraphCache.load(onnx, cacheDir).run(x);
        Path graph = GraphCache.graphFile(onnx, cacheDir);
        byte[] bytes = Files.readAllBytes(graph);
        Files.write(graph, Arrays.copyOf(bytes, bytes.length / 2));
        OnnxGraph reimported = GraphCache.load(onnx, cacheDir);
        assertEquals(OnnxGraph.Origin.IMPORTED, reimported.origin());
        assertEquals(expected, reimported.run(x));
        assertEquals(OnnxGraph.Origin.CACHED, GraphCache.load(onnx, cacheDir).origin());

        byte[] whole = Files.readAllBytes(graph);                     // same size, one block overwritten
        Arrays.fill(whole, whole.length / 2, whole.length / 2 + 16, (byte) 0x5a);
        Files.write(graph, whole);
        OnnxGraph afterCorruption = GraphCache.load(onnx, cacheDir);
        assertEquals(OnnxGraph.Origin.IMPORTED, afterCorruption.origin(), "a same-size corruption is caught by the hash");
        assertEquals(expected, afterCorruption.run(x));
        assertEquals(OnnxGraph.Origin.CACHED, GraphCache.load(onnx, cacheDir).origin());
        assertTrue(Files.readString(GraphCache.metaFile(onnx, cacheDir)).contains(GraphCache.sha256(graph)));

        Files.writeString(GraphCache.metaFile(onnx, cacheDir), "{not json");
        assertEquals(OnnxGraph.Origin.IMPORTED, GraphCache.load(onnx, cacheDir).origin());
        String meta = Files.readString(GraphCache.metaFile(onnx, cacheDir));
        Files.writeString(GraphCache.metaFile(onnx, cacheDir), meta.replace("\"mappingVersion\": " + OnnxImporter.MAPPING_VERSION, "\"mappingVersion\": -1"));
        assertEquals(OnnxGraph.Origin.IMPORTED, GraphCache.load(onnx, cacheDir).origin(), "another mapping version re-imports");
    }
}
