package org.ditjava.vae.diffusers;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ditjava.io.SafetensorsReader;
import org.ditjava.io.SafetensorsWriter;
import org.ditjava.onnx.Fixtures;
import org.ditjava.vae.SdVae;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Folders and files that are not a usable diffusers AutoencoderKL fail by name, before any graph runs. */
class DiffusersVaeErrorsTest {
    @TempDir
    Path tmp;

    private static Path fixture() {
        return Fixtures.dir("pretrained").resolve("vae_diffusers");
    }

    private Path copy(String configText, Map<String, INDArray> weights) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("vae"));
        Files.writeString(dir.resolve("config.json"), configText, StandardCharsets.UTF_8);
        SafetensorsWriter.write(dir.resolve("diffusion_pytorch_model.safetensors"), weights, Map.of());
        return dir;
    }

    private static String config() throws IOException {
        return Files.readString(fixture().resolve("config.json"), StandardCharsets.UTF_8);
    }

    private static Map<String, INDArray> weights() throws IOException {
        Map<String, INDArray> all = new LinkedHashMap<>();
        try (SafetensorsReader r = SafetensorsReader.open(fixture().resolve("diffusion_pytorch_model.safetensors"))) {
            for (String name : r.names()) {
                all.put(name, r.read(name));
            }
        }
        return all;
    }

    private static void assertMessage(Exception e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' not in: " + e.getMessage());
        }
    }

    @Test
    void aFolderOfNeitherLayoutNamesWhatIsMissing() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("half"));
        assertMessage(assertThrows(IOException.class, () -> SdVae.load(dir)), dir.toString(), "neither", "config.json", "vae_encoder.onnx");
        Files.writeString(dir.resolve("config.json"), config());
        assertMessage(assertThrows(IOException.class, () -> SdVae.load(dir)), dir.toString(), "no *.safetensors");
        assertMessage(assertThrows(IOException.class, () -> SdVae.load(tmp.resolve("absent"))), "absent", "no such VAE folder");
    }

    @Test
    void widthsThatDisagreeWithTheTensorsNameTheTensor() throws IOException {
        String wider = config().replaceFirst("\"block_out_channels\":\\s*\\[\\s*(\\d+)", "\"block_out_channels\": [$1" + "0");
        Path dir = copy(wider, weights());
        assertMessage(assertThrows(IOException.class, () -> SdVae.load(dir)), "encoder.conv_in.weight", "config.json implies");
    }

    @Test
    void anUnsupportedBlockTypeIsNamed() throws IOException {
        Path dir = copy(config().replaceFirst("DownEncoderBlock2D", "AttnDownEncoderBlock2D"), weights());
        assertMessage(assertThrows(IOException.class, () -> SdVae.load(dir)), "down_block_types", "AttnDownEncoderBlock2D");
    }

    @Test
    void aMissingAttentionProjectionNamesBothNamings() throws IOException {
        Map<String, INDArray> w = weights();
        w.remove("decoder.mid_block.attentions.0.to_q.weight");
        Path dir = copy(config(), w);
        assertMessage(assertThrows(IOException.class, () -> SdVae.load(dir)),
                "decoder.mid_block.attentions.0.to_q.weight", "decoder.mid_block.attentions.0.query.weight");
    }

    @Test
    void aTensorTheConfigDoesNotUseIsAnError() throws IOException {
        Map<String, INDArray> w = weights();
        w.put("encoder.down_blocks.0.attentions.0.to_q.weight", Nd4j.zeros(2, 2));
        Path dir = copy(config(), w);
        assertMessage(assertThrows(IOException.class, () -> SdVae.load(dir)), "1 tensors are not part", "encoder.down_blocks.0.attentions.0.to_q.weight");
    }

    @Test
    void aBrokenConfigNamesTheFile() throws IOException {
        Path dir = copy(config().replaceFirst("\"layers_per_block\":\\s*\\d+", "\"layers_per_block\": \"two\""), weights());
        assertMessage(assertThrows(IOException.class, () -> SdVae.load(dir)), "config.json", "layers_per_block");
        Files.writeString(dir.resolve("config.json"), "{not json");
        assertMessage(assertThrows(IOException.class, () -> SdVae.load(dir)), "config.json", "not valid JSON");
    }
}
