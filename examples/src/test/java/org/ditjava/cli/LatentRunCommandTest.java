package org.ditjava.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.ditjava.io.NpzReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A latent-space run end to end on dit-vae's reduced-width SD-VAE fixture: image folder →
 * {@code dit data extract-latents --encoder sd-vae} → {@code dit train --data latents --vae} (the
 * preview decoded by the VAE) → {@code dit sample --vae} (64 × 64 RGB samples in the ADM .npz).
 */
class LatentRunCommandTest {
    @TempDir
    Path tmp;

    private Path images() throws IOException {
        return TestData.imageFolder(tmp.resolve("images"), new String[] {"cat", "dog"}, 3, 72, 64);
    }

    private Path vae() throws IOException {
        return TestData.vaeCopy(tmp.resolve("vae"));
    }

    @Test
    void extractTrainAndSampleInLatentSpace() throws IOException {
        assumeTrue(Files.isDirectory(TestData.VAE_FIXTURE), "dit-vae's fixture is not beside this module");
        Path vae = vae();
        Path shards = tmp.resolve("latents");
        CliRun x = CliRun.of("data", "extract-latents", images().toString(), "--out", shards.toString(), "--image-size", "64",
                "--encoder", "sd-vae", "--vae", vae.toString(), "--batch-size", "4");
        assertEquals(0, x.code(), x.err());
        assertTrue(x.out().contains("encoder sd-vae") && x.out().contains("latent shape [4, 8, 8]"), x.out());

        Path run = tmp.resolve("run");
        CliRun t = CliRun.of("train", "--preset", "fmnist-tiny", "--data", "latents", "--data-dir", shards.toString(),
                "--depth", "1", "--hidden", "32", "--patch", "2", "--heads", "2", "--batch-size", "4", "--steps", "2",
                "--vae", vae.toString(), "--out", run.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("trained steps 0..2"), t.out());
        Path grid = run.resolve("samples/step-00000002.png");
        assertTrue(Files.exists(grid), "the preview grid, decoded by the VAE");
        assertTrue(ImageIO.read(grid.toFile()).getWidth() >= 64, "64-pixel RGB previews");

        Path npz = tmp.resolve("s.npz");
        CliRun s = CliRun.of("sample", "--ckpt", run.resolve("latest").toString(), "--classes", "all", "--per-class", "1",
                "--sampler", "ddim", "--steps", "2", "--vae", vae.toString(), "--out", npz.toString());
        assertEquals(0, s.code(), s.err());
        try (NpzReader r = NpzReader.open(npz)) {
            assertArrayEquals(new long[] {2, 64, 64, 3}, r.info("arr_0").shape());
            assertArrayEquals(new long[] {0, 1}, r.read("labels").data().asLong());
        }
    }

    @Test
    void vaeEncoderFlagsAreChecked() throws IOException {
        Path root = images();
        CliRun noVae = CliRun.of("data", "extract-latents", root.toString(), "--out", tmp.resolve("a").toString(), "--encoder", "sd-vae");
        assertEquals(2, noVae.code());
        assertTrue(noVae.err().contains("--encoder sd-vae needs --vae DIR"), noVae.err());
        CliRun unknown = CliRun.of("data", "extract-latents", root.toString(), "--out", tmp.resolve("b").toString(), "--encoder", "vq");
        assertEquals(2, unknown.code());
        assertTrue(unknown.err().contains("'vq' is not one of [identity, sd-vae]"), unknown.err());
        assumeTrue(Files.isDirectory(TestData.VAE_FIXTURE), "dit-vae's fixture is not beside this module");
        CliRun size = CliRun.of("data", "extract-latents", root.toString(), "--out", tmp.resolve("c").toString(), "--encoder", "sd-vae",
                "--vae", vae().toString(), "--image-size", "60");
        assertEquals(2, size.code());
        assertTrue(size.err().contains("--image-size: the SD VAE needs an image size divisible by 8, got 60"), size.err());
    }
}
