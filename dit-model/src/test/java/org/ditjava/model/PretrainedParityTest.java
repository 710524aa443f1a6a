package org.ditjava.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ditjava.io.TensorFileException;
import org.ditjava.io.TensorSource;
import org.ditjava.io.TensorFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Official PyTorch checkpoints loaded with no Python: each {@code .pt} form of the pretrained fixtures
 * (zip state dict, legacy state dict, float16 state dict, {@code train.py} checkpoint with EMA and raw
 * weights) against the outputs the official {@code models.py} computed with it. The configuration is
 * inferred from the file's shapes; only the heads (which no shape shows) come from the fixture's
 * {@code config_json}, and every inferred setting is checked against it too.
 * Tolerance (fixture README): |port − ref| ≤ 2e-4 + 1e-4·|ref|.
 */
class PretrainedParityTest {
    private static final double ABS = 2e-4;
    private static final double REL = 1e-4;

    private static Map<String, INDArray> expected;
    private static JsonObject json;

    @BeforeAll
    static void readExpected() throws IOException {
        expected = new LinkedHashMap<>();
        try (TensorSource src = TensorFiles.open(Fixtures.pretrained("pretrained_expected.npz"))) {
            for (String name : src.names()) {
                expected.put(name, src.read(name));
            }
        }
        json = JsonParser.parseString(new String(bytes(expected.get("config_json")), StandardCharsets.UTF_8)).getAsJsonObject();
    }

    private static byte[] bytes(INDArray u8) {
        int[] v = u8.castTo(DataType.INT).toIntVector();
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    private static DiTLoadOptions options(WeightsKey key) {
        return DiTLoadOptions.defaults().withWeightsKey(key).withNumHeads(json.get("num_heads").getAsInt());
    }

    @ParameterizedTest
    @CsvSource({"dit_state_dict.pt, EMA, out.model", "dit_legacy.pt, EMA, out.model", "dit_state_dict_fp16.pt, EMA, out.fp16",
            "dit_train_ckpt.pt, EMA, out.ema", "dit_train_ckpt.pt, MODEL, out.model"})
    void everyCheckpointFormMatchesTheOfficialForward(String file, WeightsKey key, String out) throws IOException {
        DiTModel model = DiTModel.load(Fixtures.pretrained(file), options(key), DataType.FLOAT);
        assertInferredConfigMatchesJson(model.config());
        INDArray got = model.forward(expected.get("x"), expected.get("t"), expected.get("y"));
        double err = Fixtures.assertClose(file + " " + out, got, expected.get(out), ABS, REL);
        System.out.println("pretrained parity " + file + " (" + key + ") vs " + out + ": max|diff| = " + err);
    }

    @Test
    void emaOfTheTrainCheckpointIsTheDefaultAndMatchesGuidedForward() throws IOException {
        Path file = Fixtures.pretrained("dit_train_ckpt.pt");
        DiTModel model = DiTModel.load(file, DiTLoadOptions.defaults().withNumHeads(json.get("num_heads").getAsInt()),
                DataType.FLOAT);
        Fixtures.assertClose("default = ema", model.forward(expected.get("x"), expected.get("t"), expected.get("y")),
                expected.get("out.ema"), ABS, REL);
        if (expected.containsKey("out.cfg_ema")) {
            INDArray guided = model.forwardWithCfg(expected.get("cfg.x"), expected.get("cfg.t"), expected.get("cfg.y"),
                    expected.get("cfg.scale").getDouble(0));
            double err = Fixtures.assertClose("out.cfg_ema", guided, expected.get("out.cfg_ema"), ABS, REL);
            System.out.println("pretrained parity forward_with_cfg (ema): max|diff| = " + err);
        }
    }

    @Test
    void explicitConfigThatDisagreesWithTheFileIsRefusedNamingTheDifference() throws IOException {
        Path file = Fixtures.pretrained("dit_state_dict.pt");
        DiTConfig inferred = DiTModel.configOf(file, options(WeightsKey.EMA));
        DiTConfig deeper = new DiTConfig(inferred.depth() + 1, inferred.hiddenSize(), inferred.patchSize(), inferred.numHeads(),
                inferred.inputSize(), inferred.inChannels(), inferred.numClasses(), inferred.classDropoutProb(),
                inferred.learnSigma(), inferred.blockType(), inferred.mlpRatio());
        TensorFileException e = assertThrows(TensorFileException.class, () -> DiTModel.load(file, deeper, DataType.FLOAT));
        assertTrue(e.getMessage().contains("depth: given " + deeper.depth() + ", file " + inferred.depth()), e.getMessage());
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        DiTConfig bigger = inferred.withInputSize(inferred.inputSize() * 2);
        TensorFileException e2 = assertThrows(TensorFileException.class, () -> DiTModel.load(file, bigger, DataType.FLOAT));
        assertTrue(e2.getMessage().contains("input_size: given " + bigger.inputSize()), e2.getMessage());
    }

    @Test
    void headsFollowTheOfficialPresets() {
        for (DiTConfig preset : DiTConfig.presetsByName().values()) {
            assertEquals(preset.numHeads(), DiTShapeInference.defaultHeads(preset.hiddenSize()), preset.modelName());
        }
    }

    private static void assertInferredConfigMatchesJson(DiTConfig c) {
        assertEquals(json.get("depth").getAsInt(), c.depth(), "depth");
        assertEquals(json.get("hidden_size").getAsInt(), c.hiddenSize(), "hidden_size");
        assertEquals(json.get("patch_size").getAsInt(), c.patchSize(), "patch_size");
        assertEquals(json.get("input_size").getAsInt(), c.inputSize(), "input_size");
        assertEquals(json.get("in_channels").getAsInt(), c.inChannels(), "in_channels");
        assertEquals(json.get("num_classes").getAsInt(), c.numClasses(), "num_classes");
        assertEquals(json.get("learn_sigma").getAsBoolean(), c.learnSigma(), "learn_sigma");
        if (json.has("mlp_ratio")) {
            assertEquals(json.get("mlp_ratio").getAsDouble(), c.mlpRatio(), 1e-12, "mlp_ratio");
        }
        assertEquals(json.get("class_dropout_prob").getAsDouble() > 0, c.hasNullClass(), "null class row");
    }
}
