package org.ditjava.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ditjava.io.TensorFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Weight files: save → load round trips, and bad files reported in full. */
class WeightsTest {
    @TempDir
    Path dir;

    private static INDArray[] inputs(DiTConfig c) {
        Nd4j.getRandom().setSeed(9);
        return new INDArray[] {
            Nd4j.randn(DataType.FLOAT, 2, c.inChannels(), c.inputSize(), c.inputSize()),
            Nd4j.createFromArray(10L, 700L),
            Nd4j.createFromArray(2L, (long) c.nullClass())
        };
    }

    @ParameterizedTest
    @ValueSource(strings = {"w.npz", "w.safetensors"})
    void saveThenLoadGivesIdenticalOutput(String fileName) throws IOException {
        DiTConfig config = TinyConfigs.tiny(BlockType.CROSS_ATTENTION);
        DiTModel a = DiTModel.withWeights(config, TinyConfigs.randomWeights(config, 4, 0.2, DataType.FLOAT), DataType.FLOAT);
        Path file = dir.resolve(fileName);
        a.save(file);
        DiTModel b = DiTModel.load(file, DataType.FLOAT);           // configuration from the cfg.* keys
        assertEquals(config, b.config());
        INDArray[] in = inputs(config);
        INDArray outA = a.forward(in[0], in[1], in[2]);
        assertTrue(outA.amaxNumber().doubleValue() > 0);
        assertEquals(0.0, Fixtures.maxAbs(b.forward(in[0], in[1], in[2]), outA));
        a.weights().forEach((k, v) -> assertEquals(v, b.weights().get(k), k));
    }

    @Test
    void missingUnexpectedAndMisshapedTensorsAreReportedTogether() throws IOException {
        DiTConfig config = TinyConfigs.tiny(BlockType.ADALN_ZERO);
        Map<String, INDArray> w = new LinkedHashMap<>(DiTInit.official(config, 0, DataType.FLOAT));
        w.remove("blocks.1.attn.qkv.bias");
        w.remove("y_embedder.embedding_table.weight");
        w.put("blocks.0.mlp.fc1.weight", Nd4j.zeros(DataType.FLOAT, 32, 8));
        w.put("blocks.0.extra.weight", Nd4j.zeros(DataType.FLOAT, 2, 3));
        Path file = dir.resolve("bad.npz");
        TensorFiles.write(file, w);
        WeightMismatchException e = assertThrows(WeightMismatchException.class,
                () -> DiTModel.load(file, config, DataType.FLOAT));
        String msg = e.getMessage();
        assertTrue(msg.startsWith(file.toString()), msg);
        assertTrue(msg.contains("2 missing: y_embedder.embedding_table.weight (4, 16), blocks.1.attn.qkv.bias (48,)"), msg);
        assertTrue(msg.contains("1 unexpected: blocks.0.extra.weight (2, 3)"), msg);
        assertTrue(msg.contains("1 mis-shaped: blocks.0.mlp.fc1.weight: (32, 8), expected (32, 16)"), msg);
        assertEquals(List.of("blocks.0.extra.weight (2, 3)"), e.unexpected());
    }

    @Test
    void auxiliaryKeysAreNotWeights() {
        assertTrue(DiTWeights.isAuxiliary("cfg.depth"));
        assertTrue(DiTWeights.isAuxiliary("out.forward"));
        assertFalse(DiTWeights.isAuxiliary("blocks.0.attn.qkv.weight"));
    }

    @Test
    void settingWrongWeightsChangesNothing() {
        DiTConfig config = TinyConfigs.tiny(BlockType.ADALN);
        DiTModel m = DiTModel.initialized(config, 3, DataType.FLOAT);
        Map<String, INDArray> before = m.weights();
        Map<String, INDArray> bad = new LinkedHashMap<>(before);
        bad.replaceAll((k, v) -> v.add(1));
        bad.remove("final_layer.linear.bias");
        assertThrows(WeightMismatchException.class, () -> m.setWeights(bad));
        before.forEach((k, v) -> assertEquals(v, m.weights().get(k), k));
    }

    @Test
    void fileWithoutConfigIsInferredFromItsShapes() throws IOException {
        DiTConfig config = TinyConfigs.tiny(BlockType.ADALN_ZERO);
        Path file = dir.resolve("plain.safetensors");
        TensorFiles.write(file, DiTInit.official(config, 0, DataType.FLOAT));
        DiTConfig inferred = DiTModel.load(file, DiTLoadOptions.defaults().withNumHeads(config.numHeads()), DataType.FLOAT).config();
        assertEquals(config, inferred);
        assertEquals(config, DiTModel.load(file, config, DataType.FLOAT).config());
        assertEquals(DiTShapeInference.defaultHeads(config.hiddenSize()), DiTModel.load(file, DataType.FLOAT).config().numHeads());
    }
}
