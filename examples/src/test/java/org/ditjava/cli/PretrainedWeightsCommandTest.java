package org.ditjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ditjava.io.TensorFiles;
import org.ditjava.io.TensorSource;
import org.ditjava.model.BlockType;
import org.ditjava.model.DiTConfig;
import org.ditjava.model.DiTModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The commands that take weights read an official {@code train.py} checkpoint ({@code .pt}) directly:
 * {@code dit forward} with its EMA (default) and raw weights against the official outputs, a
 * {@code --model} that disagrees with the file, and {@code dit train --init-from}.
 */
class PretrainedWeightsCommandTest {
    @TempDir
    Path tmp;

    private static Map<String, INDArray> expected;
    private static int heads;

    private static Path fixture(String name) {
        try {
            return Path.of(PretrainedWeightsCommandTest.class.getResource("/fixtures/pretrained/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @BeforeAll
    static void readExpected() throws IOException {
        expected = new LinkedHashMap<>();
        try (TensorSource src = TensorFiles.open(fixture("pretrained_expected.npz"))) {
            for (String n : src.names()) {
                expected.put(n, src.read(n));
            }
        }
        int[] utf8 = expected.get("config_json").castTo(DataType.INT).toIntVector();
        byte[] b = new byte[utf8.length];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) utf8[i];
        }
        heads = JsonParser.parseString(new String(b, StandardCharsets.UTF_8)).getAsJsonObject().get("num_heads").getAsInt();
    }

    private Path inputs() throws IOException {
        Path in = tmp.resolve("in.npz");
        TensorFiles.write(in, Map.of("in.x", expected.get("x"), "in.t", expected.get("t"), "in.y", expected.get("y")));
        return in;
    }

    private static double excess(INDArray got, INDArray ref) {
        INDArray e = ref.castTo(DataType.DOUBLE);
        return Transforms.abs(got.castTo(DataType.DOUBLE).sub(e)).sub(Transforms.abs(e).mul(1e-4).add(2e-4)).maxNumber().doubleValue();
    }

    @Test
    void forwardReadsTheTrainCheckpointsEmaByDefaultAndModelOnRequest() throws IOException {
        Path in = inputs();
        for (String[] c : new String[][] {{"ema", "out.ema"}, {"model", "out.model"}}) {
            Path out = tmp.resolve("out-" + c[0] + ".npz");
            CliRun r = c[0].equals("ema")
                    ? CliRun.of("forward", "--weights", fixture("dit_train_ckpt.pt").toString(), "--inputs", in.toString(),
                        "--out", out.toString(), "--heads", String.valueOf(heads))
                    : CliRun.of("forward", "--weights", fixture("dit_train_ckpt.pt").toString(), "--inputs", in.toString(),
                        "--out", out.toString(), "--heads", String.valueOf(heads), "--weights-key", "model");
            assertEquals(0, r.code(), r.err());
            try (TensorSource src = TensorFiles.open(out)) {
                assertTrue(excess(src.read("out.forward"), expected.get(c[1])) <= 0, c[1]);
            }
        }
    }

    @Test
    void aModelThatDisagreesWithTheFileIsNamed() throws IOException {
        CliRun r = CliRun.of("forward", "--weights", fixture("dit_train_ckpt.pt").toString(), "--inputs", inputs().toString(),
                "--out", tmp.resolve("o.npz").toString(), "--model", "XL/2");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("disagrees with the file's tensor shapes") && r.err().contains("depth: given 28"), r.err());
        CliRun k = CliRun.of("forward", "--weights", fixture("dit_train_ckpt.pt").toString(), "--inputs", inputs().toString(),
                "--out", tmp.resolve("o.npz").toString(), "--weights-key", "opt");
        assertEquals(2, k.code());
        assertTrue(k.err().contains("--weights-key") && k.err().contains("'opt'"), k.err());
    }

    @Test
    void sampleTakesImageNetClassNamesAndWritesThemBesideTheGrid() throws IOException {
        DiTConfig imagenet = new DiTConfig(1, 16, 2, 2, 4, 3, 1000, 0.1, true, BlockType.ADALN_ZERO, 2.0);
        Path weights = tmp.resolve("in1k.safetensors");
        DiTModel.initialized(imagenet, 5, DataType.FLOAT).save(weights);
        Path grid = tmp.resolve("grid.png");
        CliRun s = CliRun.of("sample", "--weights", weights.toString(), "--classes", "golden retriever, Tabby Cat,88",
                "--per-class", "2", "--sampler", "ddim", "--steps", "2", "--grid", grid.toString());
        assertEquals(0, s.code(), s.err());
        java.util.List<String> legend = Files.readAllLines(tmp.resolve("grid.txt"));
        org.ditjava.train.ImageNetClasses names = org.ditjava.train.ImageNetClasses.get();
        assertEquals(java.util.List.of(names.id("golden retriever") + " golden retriever", names.id("tabby cat") + " tabby",
                "88 " + names.name(88)), legend);
        CliRun bad = CliRun.of("sample", "--weights", weights.toString(), "--classes", "golden retreiver", "--steps", "2",
                "--grid", grid.toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--classes") && bad.err().contains("golden retriever"), bad.err());
    }

    @Test
    void trainInitFromReinitialisesTheLabelTableForAnotherClassCount() throws IOException {
        Path images = TestData.imageFolder(tmp.resolve("images"), new String[] {"red", "blue", "green"}, 3, 20, 18);
        DiTConfig source = new DiTConfig(1, 16, 2, 2, 8, 3, 5, 0.1, true, BlockType.ADALN_ZERO, 2.0);
        Path weights = tmp.resolve("w.safetensors");
        DiTModel.initialized(source, 3, DataType.FLOAT).save(weights);
        Path runDir = tmp.resolve("ft");
        CliRun t = CliRun.of("train", "--preset", "fmnist-tiny", "--data", "folder", "--data-dir", images.toString(),
                "--image-size", "16", "--batch-size", "4", "--steps", "1", "--init-from", weights.toString(), "--out", runDir.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.err().contains("label embedding table is re-initialised: the weights have 5 classes, the data 3"), t.err());
        String config = Files.readString(runDir.resolve("config.json"));
        assertTrue(config.contains("\"hiddenSize\": 16") && config.contains("\"numClasses\": 3") && config.contains("\"inputSize\": 16"),
                config);
        CliRun bad = CliRun.of("train", "--preset", "fmnist-tiny", "--data", "folder", "--data-dir", images.toString(),
                "--model", "DiT-S/2", "--init-from", weights.toString(), "--out", tmp.resolve("x").toString());
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--init-from takes the architecture from the weights"), bad.err());
    }
}
