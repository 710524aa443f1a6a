package org.ditjava.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.ditjava.onnx.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** SdVae's checks of its inputs, its configuration, sampling, and the image files of the command line. */
class SdVaeInputsTest {
    @TempDir
    static Path cache;
    static SdVae vae;
    static long size;

    @BeforeAll
    static void load() throws IOException {
        vae = SdVae.load(Fixtures.dir("vae"), VaeConfig.SD_VAE.withCacheDir(cache));
        size = vae.encoderGraph().input().dim(2);
    }

    private static String failure(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void imagesAreChecked() {
        assertTrue(failure(() -> vae.encode(Nd4j.zeros(DataType.FLOAT, 1, 4, size, size))).contains("must be (N, 3, H, W)"));
        assertTrue(failure(() -> vae.encode(Nd4j.zeros(DataType.FLOAT, 1, 3, size + 8, size))).contains("the size this ONNX export was made for"));
        String range = failure(() -> vae.encode(Nd4j.valueArrayOf(new long[] {1, 3, size, size}, 255f)));
        assertTrue(range.contains("must lie in [-1, 1]"), range);
        INDArray nan = Nd4j.zeros(DataType.FLOAT, 1, 3, size, size);
        nan.putScalar(5, Float.NaN);
        assertTrue(failure(() -> vae.encode(nan)).contains("NaN"));
        assertTrue(failure(() -> vae.decode(Nd4j.zeros(DataType.FLOAT, 1, 3, 8, 8))).contains("latents must be (N, 4, H, W)"));
    }

    @Test
    void samplingIsReproducibleAndScaled() {
        Posterior p = vae.encode(Nd4j.zeros(DataType.FLOAT, 2, 3, size, size));
        INDArray a = vae.sample(p, new SplittableRandom(7));
        INDArray b = vae.sample(p, new SplittableRandom(7));
        assertEquals(a, b);
        assertArrayEquals(p.mean().shape(), a.shape());
        assertTrue(Fixtures.maxAbsDiff(vae.mode(p), p.mean().mul(VaeConfig.SD_LATENT_SCALE)) < 1e-7);
        assertTrue(Fixtures.maxAbsDiff(vae.sample(p, Nd4j.zerosLike(p.mean())), vae.mode(p)) < 1e-7);
    }

    @Test
    void configIsValidated() {
        assertThrows(IllegalArgumentException.class, () -> VaeConfig.SD_VAE.withLatentScale(0));
        assertThrows(IllegalArgumentException.class, () -> VaeConfig.SD_VAE.withMaxBatch(0));
        SdVae other = SdVae.of(vae.encoderGraph(), vae.decoderGraph(), VaeConfig.SD_VAE.withLatentScale(0.5));
        INDArray z = Nd4j.ones(DataType.FLOAT, 1, 4, 2, 2);
        assertEquals(2.0, other.fromLatents(z).getDouble(0), 1e-7);
        IOException e = assertThrows(IOException.class, () -> SdVae.load(cache.resolve("nowhere")));
        assertTrue(e.getMessage().contains("vae_encoder.onnx"), e.getMessage());
    }

    @Test
    void pngRoundTrip(@TempDir Path tmp) throws IOException {
        INDArray img = Nd4j.create(new float[] {-1f, 0f, 1f, 0.5f, -0.5f, 1f}, new long[] {1, 3, 1, 2}, 'c');
        Path png = tmp.resolve("x.png");
        RgbImages.write(png, img);
        INDArray back = RgbImages.read(png);
        assertArrayEquals(new long[] {1, 3, 1, 2}, back.shape());
        assertTrue(Fixtures.maxAbsDiff(back, img) <= 1 / 127.5 + 1e-6, back.toString());
        assertEquals(128, RgbImages.toByte(0f));
        assertEquals(255, RgbImages.toByte(3f));
        assertThrows(IOException.class, () -> RgbImages.read(tmp.resolve("missing.png")));
    }

    @Test
    void greyPngIsReadAsStored(@TempDir Path tmp) throws IOException {
        java.awt.image.BufferedImage grey = new java.awt.image.BufferedImage(2, 1, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 0, 0, 100);
        Path png = tmp.resolve("grey.png");
        javax.imageio.ImageIO.write(grey, "png", png.toFile());
        INDArray back = RgbImages.read(png);
        assertArrayEquals(new long[] {1, 3, 1, 2}, back.shape());
        for (int c = 0; c < 3; c++) {
            // PIL's convert("RGB") value 100, not getRGB's gamma-corrected 168
            assertEquals(100 / 127.5f - 1f, back.getFloat(0, c, 0, 1), 1e-6f);
            assertEquals(-1f, back.getFloat(0, c, 0, 0), 1e-6f);
        }
    }
}
