package org.ditjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.ditjava.train.Checkpoint;
import org.ditjava.train.CheckpointStore;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C (SIGINT, sent with {@code kill -INT}) to a real {@code dit train} process in a child JVM: the
 * first stops after the step with a checkpoint and no preview grid, exit 0; a second one, sent while
 * the checkpoint is being written (slowed down by {@link Checkpoint#PAUSE_PROPERTY}), stops the
 * process at once with status 130, leaving no half-written checkpoint under a finished name. Skipped
 * where the test's process ignores SIGINT (a background job without job control), since the child
 * inherits that and cannot be interrupted at all.
 */
class CtrlCTest {
    @TempDir
    Path tmp;

    private Process train(Path run, List<String> jvmFlags) throws IOException {
        Path images = TestData.imageFolder(tmp.resolve("images"), new String[] {"red", "blue"}, 4, 20, 18);
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx1g", "-XX:TieredStopAtLevel=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error"));
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Dit.class.getName(), "train", "--preset",
                "fmnist-tiny", "--data", "folder", "--data-dir", images.toString(), "--image-size", "16", "--batch-size", "2",
                "--accum", "1", "--steps", "100000", "--ckpt-every", "100000", "--log-every", "1", "--out", run.toString()));
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
    }

    /** Waits until the run has logged {@code rows} metrics rows (it is training). */
    private static void awaitRows(Path run, Process p, int rows) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        Path csv = run.resolve("metrics.csv");
        while (System.nanoTime() < end && p.isAlive()) {
            if (Files.isRegularFile(csv) && Files.readAllLines(csv).size() > rows) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the child did not start training");
    }

    private static void interrupt(Process p) throws Exception {
        assertEquals(0, new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor());
    }

    private static void assumeSigintIsDelivered() throws IOException {
        Path status = Path.of("/proc/self/status");
        Assumptions.assumeTrue(Files.isRegularFile(status), "Linux /proc needed to see the signal mask");
        String ign = Files.readAllLines(status).stream().filter(l -> l.startsWith("SigIgn:")).findFirst().orElse("SigIgn: 0");
        boolean ignored = new BigInteger(ign.substring(7).trim(), 16).testBit(1);   // SIGINT = 2
        Assumptions.assumeFalse(ignored, "this process ignores SIGINT, and so would the child");
    }

    @Test
    void theFirstCtrlCWritesTheCheckpointAndSkipsThePreview() throws Exception {
        assumeSigintIsDelivered();
        Path run = tmp.resolve("run");
        Process p = train(run, List.of());
        try {
            awaitRows(run, p, 3);
            interrupt(p);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "stopped");
            assertEquals(0, p.exitValue(), Files.readString(tmp.resolve("child.log")));
        } finally {
            p.destroyForcibly();
        }
        long step = Checkpoint.verify(run.resolve(CheckpointStore.LATEST)).step();
        assertTrue(step >= 3, "stopped at step " + step);
        try (Stream<Path> grids = Files.list(run.resolve("samples"))) {
            assertEquals(0, grids.count(), "no preview grid after Ctrl-C");
        }
        assertTrue(Files.readString(tmp.resolve("child.log")).contains("Ctrl-C again stops at once"));
    }

    @Test
    void aSecondCtrlCStopsAtOnceEvenInsideTheCheckpointWrite() throws Exception {
        assumeSigintIsDelivered();
        Path run = tmp.resolve("run");
        Process p = train(run, List.of("-D" + Checkpoint.PAUSE_PROPERTY + "=20000"));
        try {
            awaitRows(run, p, 2);
            interrupt(p);
            long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!hasUnfinishedWrite(run) && System.nanoTime() < end) {
                Thread.sleep(20);
            }
            assertTrue(hasUnfinishedWrite(run), "the checkpoint write began");
            long t0 = System.nanoTime();
            interrupt(p);
            assertTrue(p.waitFor(10, TimeUnit.SECONDS), "stopped at once, not after the 20 s write");
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
            assertEquals(StopSignals.INTERRUPTED, p.exitValue(), Files.readString(tmp.resolve("child.log")));
        } finally {
            p.destroyForcibly();
        }
        assertEquals(List.of(), new CheckpointStore(run).list(), "no checkpoint under a finished name");
    }

    private static boolean hasUnfinishedWrite(Path run) throws IOException {
        Path dir = run.resolve(CheckpointStore.DIR);
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, ".step-*.tmp-*")) {
            return ds.iterator().hasNext();
        }
    }
}
