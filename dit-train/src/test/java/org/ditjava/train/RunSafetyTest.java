package org.ditjava.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a run folder promises against mistakes (issue 15, items 1, 2, 4, 5, 10): no silent restart when
 * every checkpoint is damaged, a deliberate restart that keeps the old files, one process per run,
 * {@code latest} repaired whatever a copy made of it, a run without a checkpoint started again, and
 * no preview grid after a stop request.
 */
class RunSafetyTest {
    @TempDir
    Path tmp;

    private static Trainer start(TrainConfig c, Path run) throws IOException {
        return Trainer.start(c, run, LatentDecoder.IDENTITY, TinyRuns.DATA);
    }

    private static Trainer resume(Path run, UnaryOperator<TrainConfig> adjust) throws IOException {
        return Trainer.resume(run, adjust, LatentDecoder.IDENTITY, TinyRuns.DATA);
    }

    private static void train(Trainer t) throws IOException {
        try (t) {
            t.run(TrainListener.NONE);
        }
    }

    @Test
    void resumeRefusesARunWhoseCheckpointsAreAllDamagedAndRestartKeepsTheOldFiles() throws IOException {
        Path run = tmp.resolve("run");
        train(start(TinyRuns.config(4, 2), run));
        CheckpointStore store = new CheckpointStore(run);
        List<Path> ckpts = store.list();
        assertEquals(2, ckpts.size());
        for (Path c : ckpts) {   // only the optimizer state is damaged: the weights are intact and must survive
            try (FileChannel ch = FileChannel.open(c.resolve(Checkpoint.OPTIMIZER), StandardOpenOption.WRITE)) {
                ch.truncate(100);
            }
        }
        String metrics = Files.readString(run.resolve(RunFolder.METRICS));

        NoUsableCheckpointException e = assertThrows(NoUsableCheckpointException.class,
                () -> resume(run, c -> c.toBuilder().maxSteps(8).build()));
        for (Path c : ckpts) {
            assertTrue(e.getMessage().contains(c.getFileName().toString()), e.getMessage());
        }
        assertTrue(e.getMessage().contains("optimizer.safetensors has 100 bytes") && e.getMessage().contains("truncated"),
                e.getMessage());
        assertEquals(ckpts, store.list(), "nothing is pruned");
        assertEquals(metrics, Files.readString(run.resolve(RunFolder.METRICS)), "metrics.csv is untouched");

        try (Trainer t = Trainer.restart(TinyRuns.config(2, 2), run, LatentDecoder.IDENTITY, TinyRuns.DATA)) {
            t.run(TrainListener.NONE);
        }
        List<Path> aside;
        try (Stream<Path> s = Files.list(run)) {
            aside = s.filter(p -> p.getFileName().toString().startsWith(RunFolder.RESTARTED + "-")).toList();
        }
        assertEquals(1, aside.size());
        for (Path c : ckpts) {
            assertTrue(Files.isRegularFile(aside.get(0).resolve("checkpoints").resolve(c.getFileName()).resolve(Checkpoint.EMA)),
                    "the old checkpoint is kept aside: " + c.getFileName());
        }
        assertEquals(metrics, Files.readString(aside.get(0).resolve(RunFolder.METRICS)));
        assertEquals(List.of(run.resolve("checkpoints").resolve(CheckpointStore.nameOf(2))), store.list());
    }

    @Test
    void aDamagedNewestCheckpointIsSetAsideNotPrunedAfterResumingFromAnOlderOne() throws IOException {
        Path run = tmp.resolve("run");
        train(start(TinyRuns.config(4, 2), run));
        Path newest = run.resolve("checkpoints").resolve(CheckpointStore.nameOf(4));
        Files.write(newest.resolve(Checkpoint.MODEL), new byte[] {1, 2, 3});
        try (Trainer t = resume(run, c -> c.toBuilder().maxSteps(6).keepLast(1).build())) {
            assertEquals(2, t.step());
            t.run(TrainListener.NONE);
        }
        assertTrue(Files.isRegularFile(run.resolve(CheckpointStore.DAMAGED).resolve(CheckpointStore.nameOf(4))
                .resolve(Checkpoint.EMA)), "kept in RUN/damaged/");
        assertEquals(List.of(run.resolve("checkpoints").resolve(CheckpointStore.nameOf(6))), new CheckpointStore(run).list());
    }

    @Test
    void aSecondTrainerOnTheSameRunIsRefusedUntilTheFirstCloses() throws IOException {
        Path run = tmp.resolve("run");
        train(start(TinyRuns.config(2, 2), run));
        try (Trainer first = resume(run, c -> c.toBuilder().maxSteps(4).build())) {
            RunLockedException e = assertThrows(RunLockedException.class, () -> resume(run, UnaryOperator.identity()));
            assertTrue(e.getMessage().contains(run.toString()) && e.getMessage().contains("in use by another process"),
                    e.getMessage());
            assertThrows(RunLockedException.class, () -> Trainer.restart(TinyRuns.config(2, 2), run, LatentDecoder.IDENTITY,
                    TinyRuns.DATA));
            first.run(TrainListener.NONE);   // the refused attempts did not disturb the holder's lock
        }
        try (Trainer again = resume(run, c -> c.toBuilder().maxSteps(6).build())) {
            assertEquals(4, again.step());
        }
    }

    @Test
    void latestIsRepairedWhenItIsAFolderCopyOrMissing() throws IOException {
        Path original = tmp.resolve("original");
        train(start(TinyRuns.config(2, 2), original));
        Path copy = tmp.resolve("copy");
        copyFollowingLinks(original, copy);                              // cp -rL: latest becomes a real folder
        Files.deleteIfExists(copy.resolve(RunLock.FILE));
        assertTrue(Files.isDirectory(copy.resolve("latest"), LinkOption.NOFOLLOW_LINKS));

        train(resume(copy, c -> c.toBuilder().maxSteps(4).build()));
        assertLatestIs(copy, 4);

        Files.delete(copy.resolve(CheckpointStore.LATEST));              // missing
        try (Trainer t = resume(copy, c -> c.toBuilder().maxSteps(6).build())) {
            assertLatestIs(copy, 4);
            t.run(TrainListener.NONE);
        }
        assertLatestIs(copy, 6);

        // a folder copy of a checkpoint the run no longer has is adopted, not lost
        Path only = tmp.resolve("only-latest");
        copyFollowingLinks(original, only);
        Checkpoint.deleteRecursively(only.resolve("checkpoints"));
        try (Trainer t = resume(only, c -> c.toBuilder().maxSteps(4).build())) {
            assertEquals(2, t.step());
            t.run(TrainListener.NONE);
        }
        assertLatestIs(only, 4);
        assertTrue(Files.isDirectory(only.resolve("checkpoints").resolve(CheckpointStore.nameOf(2))));
    }

    private static void assertLatestIs(Path run, long step) throws IOException {
        Path latest = run.resolve(CheckpointStore.LATEST);
        assertTrue(Files.isSymbolicLink(latest), "latest is a link again");
        assertTrue(Files.isSameFile(latest, run.resolve("checkpoints").resolve(CheckpointStore.nameOf(step))));
        try (Stream<Path> s = Files.list(run)) {
            assertEquals(List.of(), s.filter(p -> p.getFileName().toString().startsWith(".latest.tmp-")).toList(),
                    "no temporary link is left behind");
        }
        assertFalse(Files.exists(run.resolve(CheckpointStore.DAMAGED)), "an identical copy is not reported as damaged");
    }

    private static void copyFollowingLinks(Path from, Path to) throws IOException {
        try (Stream<Path> s = Files.walk(from, FileVisitOption.FOLLOW_LINKS)) {
            for (Path p : s.toList()) {
                Path q = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
    }

    @Test
    void aRunThatFailedBeforeItsFirstCheckpointCanBeStartedAgainOrResumedWithOtherSettings() throws IOException {
        Path run = tmp.resolve("run");
        DataOpener broken = (spec, batch, seed, from) -> {
            throw new IOException("no such data folder (a typo)");
        };
        assertThrows(IOException.class, () -> Trainer.start(TinyRuns.config(2, 2), run, LatentDecoder.IDENTITY, broken));
        assertTrue(Files.isRegularFile(run.resolve(RunFolder.CONFIG)));

        train(start(TinyRuns.config(2, 2).toBuilder().seed(8).build(), run));     // the same command, fixed
        assertEquals(8, Json.read(run.resolve(RunFolder.CONFIG), TrainConfig.class).seed());

        Path other = tmp.resolve("other");
        assertThrows(IOException.class, () -> Trainer.start(TinyRuns.config(2, 2), other, LatentDecoder.IDENTITY, broken));
        try (Trainer t = resume(other, c -> c.toBuilder().seed(9).maxSteps(2).build())) {   // any setting may change
            t.run(TrainListener.NONE);
        }
        assertEquals(9, Checkpoint.verify(other.resolve("latest")).config().seed());

        IOException e = assertThrows(IOException.class, () -> start(TinyRuns.config(2, 2), run));
        assertTrue(e.getMessage().contains("already holds a run with 1 checkpoint"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> resume(run, c -> c.toBuilder().seed(3).build()),
                "once a checkpoint exists the training settings are fixed");
    }

    @Test
    void aStopRequestWritesTheCheckpointButDrawsNoPreview() throws IOException {
        PreviewSpec atEnd = new PreviewSpec(0, new SamplerSpec(SamplerKind.DDIM, 2, 0), 4.0, 2, 3, 0, true);
        TrainConfig c = TinyRuns.config(6, 100).toBuilder().preview(atEnd).build();
        Path stopped = tmp.resolve("stopped");
        TrainResult r;
        try (Trainer t = start(c, stopped)) {
            r = t.run(new TrainListener() {
                @Override
                public void onStep(long step, StepOutcome outcome, double elapsed) {
                    if (step == 2) {
                        t.requestStop();
                    }
                }
            });
        }
        assertEquals(TrainResult.StopReason.REQUESTED, r.reason());
        assertEquals(2, Checkpoint.verify(stopped.resolve("latest")).step());
        assertNull(r.preview());
        try (Stream<Path> grids = Files.list(stopped.resolve(RunFolder.SAMPLES))) {
            assertEquals(0, grids.count());
        }

        Path finished = tmp.resolve("finished");                // the same run to its budget does draw one
        try (Trainer t = start(c.toBuilder().maxSteps(2).build(), finished)) {
            assertTrue(Files.exists(t.run(TrainListener.NONE).preview()));
        }
    }
}
