package org.ditjava.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Must-show 1: N steps, a crash between checkpoints (and a checkpoint write cut short), resume to 2N:
 * weights, EMA weights, Adam's moments and step, and the data cursor are bit-identical to an
 * uninterrupted 2N-step run.
 */
class ResumeTest {
    private static final int N = 4;

    @TempDir
    Path tmp;

    @Test
    void crashAndResumeIsBitIdenticalToAnUninterruptedRun() throws IOException {
        Path straight = tmp.resolve("straight");
        try (Trainer t = Trainer.start(TinyRuns.config(2 * N, N), straight, LatentDecoder.IDENTITY, TinyRuns.DATA)) {
            t.run(TrainListener.NONE);
        }

        Path crashed = tmp.resolve("crashed");
        try (Trainer t = Trainer.start(TinyRuns.config(2 * N, N), crashed, LatentDecoder.IDENTITY, TinyRuns.DATA)) {
            // the process "dies" two steps after the step-N checkpoint, before any other checkpoint
            assertThrows(SimulatedCrash.class, () -> t.run(new CrashAt(N + 2)));
        }
        Path partial = crashed.resolve("checkpoints").resolve(".step-00000006.tmp-1234");   // a write cut short
        Files.createDirectories(partial);
        Files.write(partial.resolve(Checkpoint.MODEL), new byte[100]);

        TrainResult r;
        try (Trainer t = Trainer.resume(crashed, UnaryOperator.identity(), LatentDecoder.IDENTITY, TinyRuns.DATA)) {
            assertEquals(N, t.step(), "resumes from the step-N checkpoint");
            r = t.run(TrainListener.NONE);
        }
        assertEquals(2 * N, r.step());
        assertFalse(Files.exists(partial), "the unfinished write is cleaned up");

        Path a = straight.resolve("checkpoints").resolve(CheckpointStore.nameOf(2 * N));
        Path b = crashed.resolve("checkpoints").resolve(CheckpointStore.nameOf(2 * N));
        CheckpointRecord ra = Checkpoint.verify(a);
        CheckpointRecord rb = Checkpoint.verify(b);
        assertBitIdentical(Checkpoint.readWeights(a, TinyRuns.MODEL, false), Checkpoint.readWeights(b, TinyRuns.MODEL, false));
        assertBitIdentical(Checkpoint.readWeights(a, TinyRuns.MODEL, true), Checkpoint.readWeights(b, TinyRuns.MODEL, true));
        assertBitIdentical(Checkpoint.readMoments(a), Checkpoint.readMoments(b));
        assertEquals(ra.epoch(), rb.epoch());
        assertEquals(ra.position(), rb.position());
        assertEquals(ra.imagesSeen(), rb.imagesSeen());
        assertEquals(ra.lastLoss(), rb.lastLoss());
        assertEquals(ra.files(), rb.files(), "the three safetensors files are byte-identical (sizes and CRC-32C)");
    }

    static void assertBitIdentical(Map<String, INDArray> want, Map<String, INDArray> got) {
        assertEquals(want.keySet(), got.keySet());
        for (String k : want.keySet()) {
            assertArrayEquals(want.get(k).castTo(DataType.FLOAT).data().asFloat(),
                    got.get(k).castTo(DataType.FLOAT).data().asFloat(), 0f, k);
            float[] x = want.get(k).data().asFloat();
            float[] y = got.get(k).data().asFloat();
            for (int i = 0; i < x.length; i++) {
                assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), k + "[" + i + "]");
            }
        }
    }

    static final class SimulatedCrash extends RuntimeException {
        private static final long serialVersionUID = 1L;
    }

    /** Throws after step {@code at}, as a kill would stop the process there. */
    record CrashAt(long at) implements TrainListener {
        @Override
        public void onStep(long step, StepOutcome outcome, double elapsed) {
            if (step == at) {
                throw new SimulatedCrash();
            }
        }
    }
}
