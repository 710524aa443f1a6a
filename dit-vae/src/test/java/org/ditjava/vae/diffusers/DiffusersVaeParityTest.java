package org.ditjava.vae.diffusers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ditjava.io.NpzReader;
import org.ditjava.onnx.Fixtures;
import org.ditjava.vae.SdVae;
import org.ditjava.vae.VaeFormat;
import org.ditjava.vae.VaeGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Parity of the natively built AutoencoderKL with PyTorch (diffusers) on both published attention
 * namings ({@code fixtures/pretrained/vae_diffusers}, {@code vae_diffusers_old}): the encoder's
 * moments and the decoder's output against {@code vae_expected.npz}, max |diff| ≤ 1e-4 (the
 * fixture README's tolerance). Every setting is read from the folder's {@code config.json}.
 */
class DiffusersVaeParityTest {
    static final double TOLERANCE = 1e-4;

    private static void assertWithin(INDArray expected, INDArray actual, String what) {
        double d = Fixtures.maxAbsDiff(actual, expected);
        System.out.printf("parity %-36s max|diff| %.3g (max|ref| %.3g)%n", what, d, Fixtures.maxAbs(expected));
        assertTrue(d <= TOLERANCE, what + ": max |diff| " + d + " > " + TOLERANCE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"vae_diffusers", "vae_diffusers_old"})
    void momentsAndDecodedMatchPyTorch(String folder) throws IOException {
        Path dir = Fixtures.dir("pretrained").resolve(folder);
        assertEquals(VaeFormat.DIFFUSERS, VaeFormat.of(dir, org.ditjava.vae.VaeConfig.SD_VAE));
        DiffusersVae vae = DiffusersVae.load(dir);
        assertEquals(VaeGraph.Origin.BUILT, vae.encoder().origin());
        try (NpzReader expected = NpzReader.open(Fixtures.dir("pretrained").resolve("vae_expected.npz"))) {
            INDArray image = expected.read("image");
            INDArray latent = expected.read("latent");
            assertWithin(expected.read("moments"), vae.encoder().run(image), folder + " moments");
            assertWithin(expected.read("decoded"), vae.decoder().run(latent), folder + " decoded");
            SdVae sd = SdVae.load(dir);
            assertWithin(expected.read("decoded"), sd.decode(sd.toLatents(latent)), folder + " SdVae.decode");
            assertWithin(expected.read("moments").get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.interval(0, latent.size(1))), sd.encode(image).mean(), folder + " SdVae mean");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"vae_diffusers", "vae_diffusers_old"})
    void theLatentScaleIsTheConfigsOrDiffusersDefault(String folder) throws IOException {
        Path dir = Fixtures.dir("pretrained").resolve(folder);
        JsonObject json = JsonParser.parseString(Files.readString(dir.resolve("config.json"), StandardCharsets.UTF_8)).getAsJsonObject();
        double expected = json.has("scaling_factor") ? json.get("scaling_factor").getAsDouble() : DiffusersVaeConfig.DEFAULT_SCALING_FACTOR;
        assertEquals(expected, SdVae.latentScale(dir));
        assertEquals(expected, SdVae.load(dir).config().latentScale());
    }
}
