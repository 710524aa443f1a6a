package org.ditjava.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ditjava.data.LatentEncoder;
import org.ditjava.io.NpzReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link VaeCodec} on dit-vae's reduced-width SD-VAE fixture: the decoder undoes the 0.18215 scale
 * (PyTorch's decoded image within the fixture's 1e-4), the encoder's latents are scaled posterior
 * samples (standardised by the fixture's mean and std they look like N(0, 1)), reproducible per seed.
 */
class VaeCodecTest {
    private static final Path FIXTURE = Path.of("../dit-vae/src/test/resources/fixtures/vae");
    private static final double SCALE = 0.18215;

    @TempDir
    static Path tmp;

    private static VaeCodec codec;

    @BeforeAll
    static void load() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("vae"));
        for (String f : new String[] {"vae_encoder.onnx", "vae_decoder.onnx"}) {
            Files.copy(FIXTURE.resolve(f), dir.resolve(f));
        }
        codec = VaeCodec.load(dir);
    }

    private static INDArray fixture(String key) throws IOException {
        try (NpzReader r = NpzReader.open(FIXTURE.resolve("vae_io.npz"))) {
            return r.read(key);
        }
    }

    @Test
    void decoderTakesScaledLatents() throws IOException {
        INDArray images = codec.decoder().decode(fixture("in.latent_sample").mul(SCALE));
        INDArray expected = fixture("out.decoded");
        assertArrayEquals(expected.shape(), images.shape());
        double maxDiff = Transforms.abs(images.sub(expected)).maxNumber().doubleValue();
        assertTrue(maxDiff <= 1e-4, "max |diff| " + maxDiff);
    }

    @Test
    void encoderSamplesTheScaledPosteriorReproducibly() throws IOException {
        INDArray image = fixture("in.image");
        LatentEncoder enc = codec.encoder(7);
        assertEquals("sd-vae", enc.name());
        assertArrayEquals(new long[] {4, 8, 8}, enc.latentShape(64));
        INDArray z = enc.encode(image);
        assertArrayEquals(new long[] {2, 4, 8, 8}, z.shape());
        INDArray eps = z.div(SCALE).sub(fixture("out.mean")).div(fixture("out.std"));
        double mean = eps.meanNumber().doubleValue();
        double std = eps.stdNumber().doubleValue();
        assertTrue(Math.abs(mean) < 0.2 && Math.abs(std - 1) < 0.2, "standardised latents: mean " + mean + ", std " + std);

        assertEquals(z, codec.encoder(7).encode(image), "same seed, same latents");
        assertNotEquals(z, codec.encoder(8).encode(image), "another seed draws another sample");
        assertNotEquals(z, enc.encode(image), "the stream moves on between calls");
        INDArray resumed = codec.encoder(7).resumedAt(10).encode(image);
        assertEquals(resumed, codec.encoder(7).resumedAt(10).encode(image), "a resumed extraction's stream is reproducible");
        assertNotEquals(z, resumed, "and does not repeat the first draws");
    }

    @Test
    void imageSizesTheVaeCannotTakeAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> codec.encoder(0).latentShape(60));
        assertTrue(e.getMessage().contains("divisible by 8, got 60"), e.getMessage());
    }
}
