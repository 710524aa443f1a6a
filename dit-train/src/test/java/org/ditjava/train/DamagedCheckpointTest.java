package org.ditjava.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Must-show 2: a truncated or corrupted checkpoint is refused with a message naming the file and the
 * problem, and the previous checkpoint is used instead (for sampling and for resuming).
 */
class DamagedCheckpointTest {
    @TempDir
    static Path tmp;
    static Path template;

    /** One run with checkpoints at steps 2 and 4, copied for each test. */
    @BeforeAll
    static void train() throws IOException {
        template = tmp.resolve("template");
        try (Trainer t = Trainer.start(TinyRuns.config(4, 2), template, LatentDecoder.IDENTITY, TinyRuns.DATA)) {
            t.run(TrainListener.NONE);
        }
    }

    private static Path copyRun(String name) throws IOException {
        Path dst = tmp.resolve(name);
        try (var walk = Files.walk(template)) {
            for (Path p : walk.toList()) {
                Path q = dst.resolve(template.relativize(p).toString());
                if (Files.isSymbolicLink(p)) {
                    Files.createSymbolicLink(q, Files.readSymbolicLink(p));
                } else if (Files.isDirectory(p)) {
                    Files.createDirectories(q);
                } else {
                    Files.copy(p, q);
                }
            }
        }
        return dst;
    }

    private static Path step(Path run, long step) {
        return run.resolve("checkpoints").resolve(CheckpointStore.nameOf(step));
    }

    @Test
    void truncatedCheckpointIsRefusedAndThePreviousOneUsed() throws IOException {
        Path run = copyRun("truncated");
        Path model = step(run, 4).resolve(Checkpoint.MODEL);
        try (FileChannel ch = FileChannel.open(model, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() / 2);
        }
        DamagedCheckpointException e = assertThrows(DamagedCheckpointException.class, () -> Checkpoint.verify(step(run, 4)));
        assertTrue(e.getMessage().contains("model.safetensors") && e.getMessage().contains("truncated"), e.getMessage());

        CheckpointStore.Verified v = CheckpointStore.resolve(run.resolve("latest"));
        assertEquals(step(run, 2), v.dir(), "RUN/latest falls back to the previous checkpoint");
        assertEquals(2, v.record().step());
        assertEquals(step(run, 2), CheckpointStore.resolve(run).dir());
    }

    @Test
    void corruptedCheckpointIsRefusedAndResumeStartsFromThePreviousOne() throws IOException {
        Path run = copyRun("corrupted");
        Path ema = step(run, 4).resolve(Checkpoint.EMA);
        try (RandomAccessFile f = new RandomAccessFile(ema.toFile(), "rw")) {
            long at = f.length() - 10;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x40);                                   // one flipped bit, same size
        }
        DamagedCheckpointException e = assertThrows(DamagedCheckpointException.class, () -> Checkpoint.verify(step(run, 4)));
        assertTrue(e.getMessage().contains("ema.safetensors") && e.getMessage().contains("corrupted"), e.getMessage());
        try (Trainer t = Trainer.resume(run, UnaryOperator.identity(), LatentDecoder.IDENTITY, TinyRuns.DATA)) {
            assertEquals(2, t.step(), "resume starts from the last valid checkpoint");
        }
    }

    @Test
    void checkpointWithoutRecordIsRefused() throws IOException {
        Path run = copyRun("norecord");
        Files.delete(step(run, 4).resolve(Checkpoint.RECORD));
        DamagedCheckpointException e = assertThrows(DamagedCheckpointException.class, () -> Checkpoint.verify(step(run, 4)));
        assertTrue(e.getMessage().contains("checkpoint.json"), e.getMessage());
        assertEquals(step(run, 2), CheckpointStore.resolve(step(run, 4)).dir());
    }

    @Test
    void onlyDamagedCheckpointsGiveAClearError() throws IOException {
        Path run = copyRun("alldamaged");
        for (long s : new long[] {2, 4}) {
            Files.write(step(run, s).resolve(Checkpoint.OPTIMIZER), new byte[] {1, 2, 3});
        }
        IOException e = assertThrows(IOException.class, () -> CheckpointStore.resolve(run.resolve("latest")));
        assertTrue(e.getMessage().contains("optimizer.safetensors") && e.getMessage().contains("no older valid"),
                e.getMessage());
    }

    @Test
    void samplingReadsPastADamagedOptimizerStateButResumeDoesNot() throws IOException {
        Path run = copyRun("optimizeronly");
        Files.write(step(run, 4).resolve(Checkpoint.OPTIMIZER), new byte[] {1, 2, 3});
        CheckpointStore.Verified ema = CheckpointStore.resolve(run.resolve("latest"), List.of(Checkpoint.EMA));
        assertEquals(step(run, 4), ema.dir(), "sampling checks only the record and the weights it reads");
        assertEquals(4, ema.record().step());
        assertEquals(step(run, 4), CheckpointStore.resolve(run, List.of(Checkpoint.MODEL)).dir());
        assertEquals(step(run, 2), CheckpointStore.resolve(run.resolve("latest")).dir(), "a full check refuses it");
        try (Trainer t = Trainer.resume(run, UnaryOperator.identity(), LatentDecoder.IDENTITY, TinyRuns.DATA)) {
            assertEquals(2, t.step(), "resume needs the optimizer state, so it starts from the previous checkpoint");
        }
    }

    @Test
    void samplingStillRefusesDamagedEmaWeights() throws IOException {
        Path run = copyRun("emadamaged");
        Files.write(step(run, 4).resolve(Checkpoint.EMA), new byte[] {1, 2, 3});
        assertEquals(step(run, 2), CheckpointStore.resolve(run.resolve("latest"), List.of(Checkpoint.EMA)).dir());
    }
}
