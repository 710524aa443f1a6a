package org.ditjava.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must-show 2 of issue 15: a training run in a child JVM killed with SIGKILL
 * ({@link Process#destroyForcibly()}) again and again — at random moments and, every other time,
 * inside a checkpoint write (slowed by {@link Checkpoint#PAUSE_PROPERTY}) — and resumed after each
 * kill, ends bit-identical to an uninterrupted run: weights, EMA, Adam's moments and step, data
 * cursor and metrics. Eight kills (not twenty) keep it near a minute and a half on a loaded 2-core
 * machine, as each child JVM spends seconds loading ND4J; each kill comes 1 to 4 steps after the
 * child's start (a checkpoint every 2 steps), so the run makes progress between kills. Also: the run lock across processes, and no stale
 * lock after a kill.
 */
class CrashConsistencyTest {
    private static final int STEPS = 20;
    private static final int KILLS = 8;
    private static final String EOF = "<end of output>";

    @TempDir
    Path tmp;

    @Test
    void killedAgainAndAgainAndResumedEndsBitIdenticalToAnUninterruptedRun() throws Exception {
        Path straight = tmp.resolve("straight");
        try (Trainer t = Trainer.start(ChildRun.config(STEPS), straight, LatentDecoder.IDENTITY, TinyRuns.DATA)) {
            t.run(TrainListener.NONE);
        }

        Path run = tmp.resolve("killed");
        Random random = new Random(15);
        int kills = 0;
        int insideWrites = 0;
        boolean done = false;
        for (int attempt = 0; !done && attempt < KILLS + 3; attempt++) {
            Process p = ChildRun.start(List.of("-D" + Checkpoint.PAUSE_PROPERTY + "=250"), "train", run.toString(),
                    Long.toString(STEPS));
            BlockingQueue<String> lines = lines(p);
            if (kills >= KILLS) {
                done = p.waitFor(120, TimeUnit.SECONDS) && drain(lines).contains("done");
                continue;
            }
            String first = lines.poll(60, TimeUnit.SECONDS);
            assertTrue(first != null && first.startsWith("from "), "the child started: " + first);
            long from = Long.parseLong(first.substring(5));
            boolean inWrite = kills % 2 == 1;
            // a kill some steps on, so that the run makes progress between kills (a checkpoint every 2 steps)
            String reached = awaitStep(lines, from + 1 + random.nextInt(inWrite ? 2 : 4));
            if (reached.equals("done")) {
                done = true;
                continue;
            }
            if (inWrite) {
                if (!waitForUnfinishedWrite(run, p)) {
                    done = p.waitFor(60, TimeUnit.SECONDS) && drain(lines).contains("done");
                    continue;
                }
                Thread.sleep(random.nextInt(150));
            } else {
                Thread.sleep(random.nextInt(400));
            }
            p.destroyForcibly().waitFor();
            done = drain(lines).contains("done");
            if (!done) {
                kills++;
                if (inWrite && hasUnfinishedWrite(run)) {
                    insideWrites++;
                }
            }
        }
        assertTrue(done, "the run finished after " + kills + " kills");
        assertEquals(KILLS, kills);
        assertTrue(insideWrites >= KILLS / 2 - 1, insideWrites + " kills landed inside a checkpoint write");

        Path a = straight.resolve("checkpoints").resolve(CheckpointStore.nameOf(STEPS));
        Path b = run.resolve("checkpoints").resolve(CheckpointStore.nameOf(STEPS));
        CheckpointRecord ra = Checkpoint.verify(a);
        CheckpointRecord rb = Checkpoint.verify(b);
        ResumeTest.assertBitIdentical(Checkpoint.readWeights(a, TinyRuns.MODEL, false), Checkpoint.readWeights(b, TinyRuns.MODEL, false));
        ResumeTest.assertBitIdentical(Checkpoint.readWeights(a, TinyRuns.MODEL, true), Checkpoint.readWeights(b, TinyRuns.MODEL, true));
        ResumeTest.assertBitIdentical(Checkpoint.readMoments(a), Checkpoint.readMoments(b));
        assertEquals(ra.files(), rb.files(), "the three safetensors files are byte-identical (sizes and CRC-32C)");
        assertEquals(List.of(ra.step(), ra.epoch(), ra.position(), ra.imagesSeen()),
                List.of(rb.step(), rb.epoch(), rb.position(), rb.imagesSeen()));
        assertEquals(ra.lastLoss(), rb.lastLoss());
        assertEquals(trainingColumns(straight), trainingColumns(run), "metrics.csv: every row of the training itself");
    }

    /** Each metrics row without its timing columns (steps/s, images/s, elapsed), which differ run to run. */
    private static List<String> trainingColumns(Path run) throws IOException {
        try (MetricsCsv csv = MetricsCsv.open(run.resolve(RunFolder.METRICS), Long.MAX_VALUE)) {
            return csv.rows().stream()
                    .map(r -> List.of(r.step(), r.epoch(), r.images(), r.loss(), r.mse(), r.vb(), r.gradNorm(),
                            r.learningRate()).toString())
                    .toList();
        }
    }

    /** Waits for the line of step {@code step} (or {@code done}); returns it. */
    private static String awaitStep(BlockingQueue<String> lines, long step) throws InterruptedException {
        while (true) {
            String line = lines.poll(60, TimeUnit.SECONDS);
            assertTrue(line != null && !line.equals(EOF), "the child stopped printing before step " + step);
            if (line.equals("done") || line.equals("step " + step)) {
                return line;
            }
        }
    }

    /** What the child printed and the test has not read yet (after it ended). */
    private static List<String> drain(BlockingQueue<String> lines) throws InterruptedException {
        List<String> rest = new java.util.ArrayList<>();
        for (String line; (line = lines.poll(30, TimeUnit.SECONDS)) != null && !line.equals(EOF); ) {
            rest.add(line);
        }
        return rest;
    }

    private static boolean waitForUnfinishedWrite(Path run, Process p) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < end && p.isAlive()) {
            if (hasUnfinishedWrite(run)) {
                return true;
            }
            Thread.sleep(5);
        }
        return false;
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

    private static BlockingQueue<String> lines(Process p) {
        BlockingQueue<String> q = new LinkedBlockingQueue<>();
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    q.add(line);
                }
            } catch (IOException e) {
                // the child was killed
            }
            q.add(EOF);
        });
        t.setDaemon(true);
        t.start();
        return q;
    }

    @Test
    void anotherProcessHoldingTheRunIsNamedAndAKillLeavesNoStaleLock() throws Exception {
        Path run = tmp.resolve("run");
        Process holder = ChildRun.start(List.of(), "lock", run.toString());
        try {
            BlockingQueue<String> lines = lines(holder);
            assertEquals("locked", lines.poll(60, TimeUnit.SECONDS));
            RunLockedException e = assertThrows(RunLockedException.class, () -> RunLock.acquire(run, "this test"));
            assertTrue(e.getMessage().contains(run.toString()) && e.getMessage().contains("pid " + holder.pid()),
                    e.getMessage());
        } finally {
            holder.destroyForcibly().waitFor();
        }
        try (RunLock lock = RunLock.acquire(run, "this test")) {
            assertTrue(Files.readString(lock.file()).contains("pid " + ProcessHandle.current().pid()));
            assertThrows(RunLockedException.class, () -> RunLock.acquire(run, "a second user in this process"));
        }
        RunLock.acquire(run, "again").close();
    }
}
