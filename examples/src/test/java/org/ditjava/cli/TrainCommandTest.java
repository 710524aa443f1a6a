package org.ditjava.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ditjava.data.FashionMnist;
import org.ditjava.io.DType;
import org.ditjava.io.NpzReader;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dit train} and {@code dit sample} end to end on Fashion-MNIST with the seconds-long preset
 * (Must-show 3 in small: a run folder, RUN/latest, an ADM-format .npz and a grid), and their errors.
 */
class TrainCommandTest {

    @TempDir
    Path tmp;

    @Test
    void trainThenSampleWritesARunFolderAnNpzAndAGrid() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(FashionMnist.defaultDir()), "Fashion-MNIST is not installed");
        Path runDir = tmp.resolve("run");
        CliRun t = CliRun.of("train", "--preset", "fmnist-tiny", "--steps", "4", "--ckpt-every", "2", "--out", runDir.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("trained steps 0..4"), t.out());
        for (String f : new String[] {"config.json", "metrics.csv", "loss.png", "train.log", "latest/checkpoint.json",
            "latest/ema.safetensors", "latest/model.safetensors", "latest/optimizer.safetensors"}) {
            assertTrue(Files.exists(runDir.resolve(f)), f);
        }
        assertTrue(Files.list(runDir.resolve("samples")).findAny().isPresent(), "a preview grid at the end");

        Path npz = tmp.resolve("samples.npz");
        Path grid = tmp.resolve("grid.png");
        CliRun s = CliRun.of("sample", "--ckpt", runDir.resolve("latest").toString(), "--classes", "all", "--per-class", "2",
                "--cfg-scale", "4", "--sampler", "ddim", "--steps", "4", "--batch-size", "8", "--out", npz.toString(),
                "--grid", grid.toString());
        assertEquals(0, s.code(), s.err());
        try (NpzReader r = NpzReader.open(npz)) {
            assertEquals(DType.UINT8, r.info("arr_0").dtype());
            assertArrayEquals(new long[] {20, 28, 28, 1}, r.info("arr_0").shape());
            assertEquals(DType.INT64, r.info("labels").dtype());
            assertArrayEquals(new long[] {0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9},
                    r.read("labels").data().asLong());
        }
        assertTrue(Files.size(grid) > 0);
        assertFalse(Files.exists(tmp.resolve("samples.npz.parts")), "parts are removed once the archive is complete");

        CliRun resumed = CliRun.of("train", "--resume", runDir.toString(), "--steps", "6");
        assertEquals(0, resumed.code(), resumed.err());
        assertTrue(resumed.out().contains("trained steps 4..6"), resumed.out());
    }

    @Test
    void trainsOnAnImageFolderInPixelSpace() throws IOException {
        Path images = TestData.imageFolder(tmp.resolve("images"), new String[] {"red", "blue", "green"}, 3, 20, 18);
        Path runDir = tmp.resolve("folder-run");
        CliRun t = CliRun.of("train", "--preset", "fmnist-tiny", "--data", "folder", "--data-dir", images.toString(),
                "--image-size", "16", "--batch-size", "4", "--accum", "2", "--steps", "2", "--out", runDir.toString());
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("trained steps 0..2"), t.out());
        String config = Files.readString(runDir.resolve("config.json"));
        assertTrue(config.contains("\"inChannels\": 3") && config.contains("\"inputSize\": 16") && config.contains("\"numClasses\": 3"),
                config);
        assertTrue(Files.exists(runDir.resolve("samples/step-00000002.png")), "an RGB preview grid");
    }

    @Test
    void badInputGivesOneLineErrorsNamingTheFlag() throws IOException {
        CliRun p = CliRun.of("train", "--preset", "nope", "--out", tmp.resolve("a").toString());
        assertEquals(2, p.code());
        assertTrue(p.err().contains("unknown preset 'nope'"), p.err());

        CliRun both = CliRun.of("train", "--out", "a", "--resume", "b");
        assertEquals(2, both.code());

        Path existing = tmp.resolve("existing");
        Files.createDirectories(existing);
        Files.writeString(existing.resolve("config.json"), "{}");
        Files.createDirectories(existing.resolve("checkpoints/step-00000002"));   // once a run has a checkpoint
        CliRun lr = CliRun.of("train", "--resume", existing.toString(), "--lr", "1e-3");
        assertEquals(2, lr.code());
        assertTrue(lr.err().contains("--lr cannot change"), lr.err());

        CliRun noCkpt = CliRun.of("sample", "--ckpt", tmp.resolve("missing").toString(), "--grid", tmp.resolve("g.png").toString());
        assertEquals(1, noCkpt.code());
        assertTrue(noCkpt.err().contains("no such checkpoint"), noCkpt.err());
    }
}
