package org.ditjava.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ditjava.io.Npy;
import org.ditjava.vae.RgbImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@code dit vae encode|decode} on the reduced-width SD-VAE fixture of dit-vae. */
class VaeCommandTest {

    @TempDir
    Path tmp;

    @Test
    void encodeThenDecode() throws IOException {
        assumeTrue(Files.isDirectory(TestData.VAE_FIXTURE), "dit-vae's fixture is not beside this module");
        Path vae = TestData.vaeCopy(tmp.resolve("vae"));
        Path png = tmp.resolve("in.png");
        RgbImages.write(png, Nd4j.rand(DataType.FLOAT, 1, 3, 64, 64).muli(2).subi(1));
        Path npy = tmp.resolve("latent.npy");
        CliRun enc = CliRun.of("vae", "encode", "--vae", vae.toString(), "--in", png.toString(), "--out", npy.toString(), "--seed", "3");
        assertEquals(0, enc.code(), enc.err());
        assertTrue(enc.out().contains("posterior sample, seed 3"), enc.out());
        INDArray z = Npy.read(npy);
        assertArrayEquals(new long[] {1, 4, 8, 8}, z.shape());

        CliRun mean = CliRun.of("vae", "encode", "--vae", vae.toString(), "--in", png.toString(), "--out", npy.toString(), "--latent", "mean");
        assertEquals(0, mean.code(), mean.err());
        assertTrue(mean.out().contains("VAE cached"), mean.out());

        Path outPng = tmp.resolve("out.png");
        CliRun dec = CliRun.of("vae", "decode", "--vae", vae.toString(), "--in", npy.toString(), "--out", outPng.toString());
        assertEquals(0, dec.code(), dec.err());
        assertArrayEquals(new long[] {1, 3, 64, 64}, RgbImages.read(outPng).shape());
    }

    @Test
    void aDiffusersFolderIsBuiltNativelyWithItsOwnScale() throws IOException {
        Path vae = TestData.VAE_FIXTURE.resolveSibling("pretrained").resolve("vae_diffusers_old");
        assumeTrue(Files.isDirectory(vae), "dit-vae's diffusers fixture is not beside this module");
        Path png = tmp.resolve("in.png");
        RgbImages.write(png, Nd4j.rand(DataType.FLOAT, 1, 3, 64, 64).muli(2).subi(1));
        Path npy = tmp.resolve("latent.npy");
        CliRun enc = CliRun.of("vae", "encode", "--vae", vae.toString(), "--in", png.toString(), "--out", npy.toString(), "--latent", "mean");
        assertEquals(0, enc.code(), enc.err());
        assertTrue(enc.out().contains("x 0.18215") && enc.out().contains("VAE built"), enc.out());
        Path outPng = tmp.resolve("out.png");
        CliRun dec = CliRun.of("vae", "decode", "--vae", vae.toString(), "--in", npy.toString(), "--out", outPng.toString());
        assertEquals(0, dec.code(), dec.err());
        assertArrayEquals(new long[] {1, 3, 64, 64}, RgbImages.read(outPng).shape());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        CliRun neither = CliRun.of("vae", "encode", "--vae", empty.toString(), "--in", png.toString(), "--out", npy.toString());
        assertEquals(1, neither.code());
        assertTrue(neither.err().contains(empty + ": not a VAE folder"), neither.err());
    }

    @Test
    void badArguments() {
        CliRun bad = CliRun.of("vae", "encode", "--vae", tmp.toString(), "--in", "x.png", "--out", "y.npy", "--latent", "median");
        assertEquals(2, bad.code());
        assertTrue(bad.err().contains("--latent: 'median' is not one of [sample, mean]"), bad.err());
        CliRun missing = CliRun.of("vae", "decode", "--vae", tmp.resolve("none").toString(), "--in", "x.npy", "--out", "y.png");
        assertEquals(1, missing.code());
        assertTrue(missing.err().contains("x.npy"), missing.err());
    }
}
