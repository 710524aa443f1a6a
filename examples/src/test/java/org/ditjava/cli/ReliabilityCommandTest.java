package org.ditjava.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.ditjava.train.CheckpointStore;
import org.ditjava.train.RunLock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15 at the command line: outputs that would destroy an input, flags out of range, a run
 * folder held by another user, a run folder that already holds a run, bad images for dit train,
 * extract-latents into the dataset, Ctrl-C twice, and errors that say what went wrong.
 */
class ReliabilityCommandTest {
    @TempDir
    Path tmp;

    @Test
    void anOutputThatIsAnInputIsRefusedBeforeAnythingIsRead() throws IOException {
        Path w = Files.writeString(tmp.resolve("w.safetensors"), "the only copy of the weights");
        Path in = Files.writeString(tmp.resolve("in.npz"), "inputs");
        byte[] before = Files.readAllBytes(w);

        CliRun f = CliRun.of("forward", "--weights", w.toString(), "--inputs", in.toString(), "--out", w.toString());
        assertEquals(2, f.code(), f.err());
        assertTrue(f.err().contains("--out: " + w + " is the weights " + w + " itself"), f.err());

        CliRun s = CliRun.of("sample", "--ckpt", w.toString(), "--out", w.toString());
        assertEquals(2, s.code(), s.err());
        assertTrue(s.err().contains("--out: " + w + " is the checkpoint"), s.err());

        CliRun v = CliRun.of("vae", "decode", "--vae", tmp.toString(), "--in", in.toString(), "--out", in.toString());
        assertEquals(2, v.code(), v.err());
        assertTrue(v.err().contains("--out: " + in + " is the input " + in + " itself"), v.err());

        Path ckpt = Files.createDirectories(tmp.resolve("run/checkpoints/step-00000002"));
        CliRun inside = CliRun.of("sample", "--ckpt", ckpt.toString(), "--grid", ckpt.resolve("grid.png").toString());
        assertEquals(2, inside.code(), inside.err());
        assertTrue(inside.err().contains("--grid: ") && inside.err().contains("lies inside the checkpoint"), inside.err());
        assertArrayEquals(before, Files.readAllBytes(w), "the weights are untouched");
    }

    @Test
    void aMissingOutputFolderIsRefusedTheSameWayBySampleForwardAndEval() throws IOException {
        Path w = Files.writeString(tmp.resolve("w.safetensors"), "weights");
        String out = tmp.resolve("nonexistent/dir/x.npz").toString();
        String want = "the folder " + tmp.resolve("nonexistent/dir") + " of x.npz does not exist";
        for (CliRun r : new CliRun[] {CliRun.of("sample", "--ckpt", w.toString(), "--out", out),
            CliRun.of("forward", "--weights", w.toString(), "--inputs", w.toString(), "--out", out),
            CliRun.of("eval", "--features", w.toString(), "--ref-features", w.toString(), "--out", out)}) {
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("--out: " + want), r.err());
        }
        assertFalse(Files.exists(tmp.resolve("nonexistent")), "no folder was created");

        CliRun missing = CliRun.of("eval", "--features", tmp.resolve("nope.npy").toString(), "--ref-features", w.toString());
        assertEquals(2, missing.code(), missing.err());
        assertTrue(missing.err().contains("--features: " + tmp.resolve("nope.npy") + " does not exist"), missing.err());
        CliRun folder = CliRun.of("eval", "--features", w.toString(), "--ref-features", w.toString(), "--out", tmp.toString());
        assertEquals(2, folder.code(), folder.err());
        assertTrue(folder.err().contains("cannot write " + tmp + ": it is a folder"), folder.err());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "sample --ckpt x --threads 0|--threads: 0 is not allowed (allowed: 1 or more)",
        "sample --ckpt x --threads -1|--threads: -1 is not allowed (allowed: 1 or more)",
        "sample --ckpt x --per-class 0|--per-class: 0 is not allowed (allowed: 1 or more)",
        "sample --ckpt x --cfg-scale NaN|--cfg-scale: NaN is not allowed (allowed: a finite number)",
        "sample --ckpt x --steps 0|--steps: 0 is not allowed (allowed: 1 or more)",
        "train --out r --lr 0|--lr: 0.0 is not allowed (allowed: a number above 0)",
        "train --out r --ema-decay 1.5|--ema-decay: 1.5 is not allowed (allowed: 0 to 1)",
        "train --out r --threads -2|--threads: -2 is not allowed (allowed: 0 (ND4J's default) or more)",
        "train --out r --keep 0|--keep: 0 is not allowed (allowed: 1 or more)",
        "train --out r --minutes -1|--minutes: -1.0 is not allowed (allowed: 0 (no time budget) or more)",
        "forward --weights w --inputs i --out o --image-size 0|--image-size: 0 is not allowed (allowed: 1 or more)",
        "eval --features a --ref-features b --k 0|--k: 0 is not allowed (allowed: 1 or more)",
        "data extract-latents d --out o --shard-mb 0|--shard-mb: 0 is not allowed (allowed: 1 or more)",
        "data extract-latents d --out o --threads 0|--threads: 0 is not allowed (allowed: 1 or more)",
        "vae decode --in a --out b --vae v --scale 0|--scale: 0.0 is not allowed (allowed: a number above 0)",
        "bench --reps 0|--reps: 0 is not allowed (allowed: 1 or more)"})
    void everyNumericFlagIsCheckedUpFrontInOneMessageForm(String row) {
        String[] parts = row.split("\\|");
        CliRun r = CliRun.of(parts[0].split(" "));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(parts[1]), r.err());
        assertFalse(r.err().contains("Exception"), r.err());
    }

    @Test
    void samplingIntoARunThatAnotherProcessTrainsIsRefused() throws IOException {
        Path run = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(run.resolve("config.json"), "{}");
        Files.createDirectories(run.resolve(CheckpointStore.DIR));
        Path w = Files.writeString(tmp.resolve("w.safetensors"), "weights");
        try (RunLock held = RunLock.acquire(run, "training")) {
            CliRun s = CliRun.of("sample", "--ckpt", w.toString(), "--out", run.resolve("samples.npz").toString());
            assertEquals(1, s.code(), s.err());
            assertTrue(s.err().contains("the run folder " + run + " is in use by another process"), s.err());
        }
    }

    @Test
    void trainOutOnARunWithCheckpointsNeedsRestartAndPolicyHandlesTruncatedImages() throws IOException {
        Path images = TestData.imageFolder(tmp.resolve("images"), new String[] {"red", "blue"}, 4, 20, 18);
        byte[] all = Files.readAllBytes(images.resolve("red/1.png"));
        Files.write(images.resolve("red/1.png"), Arrays.copyOf(all, all.length * 2 / 3));   // truncated
        Path run = tmp.resolve("run");
        List<String> args = new ArrayList<>(List.of("train", "--preset", "fmnist-tiny", "--data", "folder", "--data-dir",
                images.toString(), "--image-size", "16", "--batch-size", "2", "--accum", "1", "--steps", "2", "--out",
                run.toString()));

        CliRun failed = CliRun.of(args.toArray(String[]::new));
        assertEquals(1, failed.code(), failed.err());
        assertTrue(failed.err().contains("1.png") && failed.err().contains("PNG"), failed.err());
        assertFalse(Files.exists(run.resolve(CheckpointStore.DIR)), "stopped before any training");

        CliRun resumed = CliRun.of("train", "--resume", run.toString(), "--batch-size", "4", "--steps", "2");
        assertEquals(1, resumed.code(), resumed.err());   // no checkpoint yet: a changed setting is allowed, the image still bad
        assertTrue(resumed.err().contains("1.png") && !resumed.err().contains("cannot change"), resumed.err());
        assertTrue(Files.readString(run.resolve("config.json")).contains("\"batchSize\": 4"));

        args.addAll(List.of("--policy", "skip"));
        CliRun skipped = CliRun.of(args.toArray(String[]::new));   // the same folder, started again
        assertEquals(0, skipped.code(), skipped.err());

        CliRun again = CliRun.of(args.toArray(String[]::new));
        assertEquals(2, again.code(), again.err());
        assertTrue(again.err().contains("already holds a run with checkpoints: continue it with --resume " + run
                + ", or add --restart"), again.err());

        args.add("--restart");
        CliRun restarted = CliRun.of(args.toArray(String[]::new));
        assertEquals(0, restarted.code(), restarted.err());
        try (Stream<Path> s = Files.list(run)) {
            assertEquals(1, s.filter(p -> p.getFileName().toString().startsWith("restarted-")).count());
        }
    }

    @Test
    void extractLatentsRefusesAnOutputInsideTheDataset() throws IOException {
        Path images = TestData.imageFolder(tmp.resolve("images"), new String[] {"a", "b"}, 2, 12, 12);
        for (Path out : new Path[] {images, images.resolve("latents")}) {
            CliRun r = CliRun.of("data", "extract-latents", images.toString(), "--out", out.toString(), "--image-size", "8");
            assertEquals(2, r.code(), r.err());
            assertTrue(r.err().contains("--out: ") && r.err().contains("the dataset folder " + images), r.err());
        }
        assertFalse(Files.exists(images.resolve("latents")));
    }

    @Test
    void theFirstCtrlCStopsCleanlyTheSecondAtOnce() {
        List<String> calls = new ArrayList<>();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        StopSignals s = new StopSignals(() -> calls.add("stop"), status -> calls.add("halt " + status),
                new PrintStream(bytes, true, StandardCharsets.UTF_8));
        s.interrupted();
        assertEquals(List.of("stop"), calls);
        s.interrupted();
        assertEquals(List.of("stop", "halt 130"), calls);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).contains("Ctrl-C again stops at once"));
    }

    @Test
    void fileErrorsSayWhatWentWrong() {
        assertEquals("/proc/x.npz.parts: permission denied", Dit.describe(new AccessDeniedException("/proc/x.npz.parts")));
    }
}
