package org.ditjava.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ditjava.model.DiTConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The loop's outputs and guards: a falling loss, the run folder's files, NaN stops, refusals. */
class TrainerTest {
    @TempDir
    Path tmp;

    @Test
    void lossFallsAndTheRunFolderIsComplete() throws IOException {
        Path run = tmp.resolve("run");
        TrainConfig c = TinyRuns.config(40, 20).toBuilder().logEvery(5).learningRate(3e-3)
                .preview(new PreviewSpec(20, new SamplerSpec(SamplerKind.DDIM, 5, 0), 4.0, 3, 10, 1, true)).build();
        TrainResult r;
        try (Trainer t = Trainer.start(c, run, LatentDecoder.IDENTITY, TinyRuns.DATA)) {
            r = t.run(TrainListener.NONE);
        }
        assertEquals(TrainResult.StopReason.STEPS, r.reason());
        List<MetricsRow> rows;
        try (MetricsCsv m = MetricsCsv.open(run.resolve(RunFolder.METRICS), Long.MAX_VALUE)) {
            rows = m.rows();
        }
        assertEquals(8, rows.size());
        double first = rows.get(0).loss();
        double last = (rows.get(6).loss() + rows.get(7).loss()) / 2;
        assertTrue(last < 0.7 * first, "loss " + first + " -> " + last);
        for (String f : List.of("config.json", "metrics.csv", "loss.png", "samples/step-00000020.png",
                "samples/step-00000040.png", "latest/checkpoint.json", "checkpoints/step-00000020/ema.safetensors")) {
            assertTrue(Files.exists(run.resolve(f)), f);
        }
        assertEquals(run.resolve("checkpoints/step-00000040"), run.resolve(Files.readSymbolicLink(run.resolve("latest"))));
    }

    @Test
    void nonFiniteLossStopsTheRunAndKeepsTheLastGoodCheckpoint() throws IOException {
        Path run = tmp.resolve("nan");
        DataOpener poisoned = (spec, batch, seed, from) -> new PoisonAt(7, TinyRuns.DATA.open(spec, batch, seed, from));
        try (Trainer t = Trainer.start(TinyRuns.config(50, 2), run, LatentDecoder.IDENTITY, poisoned)) {
            DivergedException e = assertThrows(DivergedException.class, () -> t.run(TrainListener.NONE));
            assertTrue(e.getMessage().contains("not finite") && e.getMessage().contains("last good checkpoint"), e.getMessage());
        }
        CheckpointStore.Verified v = CheckpointStore.resolve(run);
        assertEquals(2, v.record().step(), "the step-2 checkpoint remains; nothing was saved after the NaN");
    }

    @Test
    void anExistingRunIsNotOverwritten() throws IOException {
        Path run = tmp.resolve("twice");
        try (Trainer t = Trainer.start(TinyRuns.config(1, 1), run, LatentDecoder.IDENTITY, TinyRuns.DATA)) {
            t.run(TrainListener.NONE);
        }
        IOException e = assertThrows(IOException.class,
                () -> Trainer.start(TinyRuns.config(1, 1), run, LatentDecoder.IDENTITY, TinyRuns.DATA));
        assertTrue(e.getMessage().contains("already holds a run"), e.getMessage());
    }

    @Test
    void aDiskTooSmallForTheKeptCheckpointsIsRefusedBeforeTraining() throws IOException {
        TrainConfig xl = TinyRuns.config(1, 1).toBuilder().model(DiTConfig.XL_2).keepLast(1_000_000).build();
        Path run = tmp.resolve("xl");
        IOException e = assertThrows(IOException.class, () -> RunFolder.create(run, xl));
        assertTrue(e.getMessage().contains("not enough disk space in " + run) && e.getMessage().contains("1000001 checkpoint(s) of DiT-XL/2")
                && e.getMessage().contains("lower --keep"), e.getMessage());
        assertTrue(Files.notExists(run.resolve(RunFolder.CONFIG)), "no run is recorded, so the same --out can be used again");
    }

    @Test
    void anOutFolderThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain.txt"), "x");
        IOException e = assertThrows(IOException.class, () -> RunFolder.create(file, TinyRuns.config(1, 1)));
        assertTrue(e.getMessage().contains("the run folder " + file + " is a file"), e.getMessage());
    }

    /** Delegates, but the {@code at}-th batch (1-based) holds a NaN pixel. */
    private static final class PoisonAt implements TrainingData {
        private final int at;
        private final TrainingData data;
        private int calls;

        PoisonAt(int at, TrainingData data) {
            this.at = at;
            this.data = data;
        }

        @Override
        public TrainingBatch next() throws IOException {
            TrainingBatch b = data.next();
            if (++calls == at) {
                INDArray x = b.x().dup();
                x.putScalar(new long[] {0, 0, 3, 3}, Float.NaN);
                return new TrainingBatch(x, b.labels(), b.next());
            }
            return b;
        }

        @Override
        public long[] sampleShape() {
            return data.sampleShape();
        }

        @Override
        public List<String> classes() {
            return data.classes();
        }

        @Override
        public long size() {
            return data.size();
        }

        @Override
        public void close() {
            data.close();
        }
    }
}
