package org.ditjava.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import org.ditjava.diffusion.DiffusionConfig;
import org.ditjava.diffusion.GuidanceInterval;
import org.ditjava.diffusion.GuidedChannels;
import org.ditjava.io.DType;
import org.ditjava.io.NpzReader;
import org.ditjava.model.DiTModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/** The sample .npz: ADM layout, and an interrupted run resumes to the same bytes as an uninterrupted one. */
class SampleJobTest {
    @TempDir
    Path tmp;

    private final DiTModel model = DiTModel.initialized(TinyRuns.MODEL, 5, DataType.FLOAT);

    private SampleRequest request(Path npz, Path grid, long seed) {
        return new SampleRequest(SampleLabels.perClass(3, 3), 2, seed, new SamplerSpec(SamplerKind.DDPM, 4, 0), 2.0,
                GuidedChannels.ALL_EPSILON, npz, grid, 3, 100);
    }

    private SampleJob job(SampleRequest r) {
        return new SampleJob(model, DiffusionConfig.of(""), LatentDecoder.IDENTITY, r, "tiny");
    }

    @Test
    void interruptedSamplingResumesToTheSameArchive() throws IOException {
        Path whole = tmp.resolve("whole.npz");
        job(request(whole, tmp.resolve("grid.png"), 9)).run(new SampleJob.Listener() {
        });
        try (NpzReader r = NpzReader.open(whole)) {
            assertEquals(DType.UINT8, r.info("arr_0").dtype());
            assertArrayEquals(new long[] {9, 8, 8, 1}, r.info("arr_0").shape());
            assertArrayEquals(new long[] {0, 0, 0, 1, 1, 1, 2, 2, 2}, r.read("labels").data().asLong());
        }
        assertTrue(Files.size(tmp.resolve("grid.png")) > 0);

        Path cut = tmp.resolve("cut.npz");
        assertThrows(IllegalStateException.class, () -> job(request(cut, null, 9)).run(new SampleJob.Listener() {
            @Override
            public void onBatch(int batch, int batches, boolean skipped) {
                if (batch == 3) {
                    throw new IllegalStateException("killed");
                }
            }
        }));
        assertTrue(Files.isDirectory(tmp.resolve("cut.npz.parts")));
        SampleJob.Result r = job(request(cut, null, 9)).run(new SampleJob.Listener() {
        });
        assertEquals(3, r.skippedBatches());
        assertArrayEquals(Files.readAllBytes(whole), Files.readAllBytes(cut));

        Path again = tmp.resolve("again.npz");
        assertThrows(IllegalStateException.class, () -> job(request(again, null, 1)).run(new SampleJob.Listener() {
            @Override
            public void onBatch(int batch, int batches, boolean skipped) {
                if (batch == 1) {
                    throw new IllegalStateException("killed");
                }
            }
        }));
        IOException e = assertThrows(IOException.class, () -> job(request(again, null, 2)).run(new SampleJob.Listener() {
        }));
        assertTrue(e.getMessage().contains("another request"), e.getMessage());
    }

    /**
     * Every sampler kind through the library entry point: an interval covering all timesteps changes no byte, and
     * the interval is recorded (that a narrower one changes the samples is GuidanceIntervalTest's: this freshly
     * initialised adaLN-Zero model ignores its labels).
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(SamplerKind.class)
    void theGuidanceIntervalIsRecordedAndChangesNothingWhenItCoversEveryTimestep(SamplerKind kind) throws IOException {
        SamplerSpec spec = new SamplerSpec(kind, 4, 0);
        Path official = sample(spec, "official.npz");
        Path covering = sample(spec.withGuidanceInterval(GuidanceInterval.parse("0,999")), "covering.npz");
        Path limited = sample(spec.withGuidanceInterval(GuidanceInterval.parse("300,700")), "limited.npz");
        try (NpzReader a = NpzReader.open(official); NpzReader b = NpzReader.open(covering);
             NpzReader c = NpzReader.open(limited)) {
            assertEquals(a.read("arr_0"), b.read("arr_0"), kind + ": bit-identical samples");
            assertArrayEquals(new long[] {0, 999}, a.read("guidance_interval").data().asLong());
            assertArrayEquals(new long[] {300, 700}, c.read("guidance_interval").data().asLong());
            String json = new String(bytes(c.read("sampling")), StandardCharsets.UTF_8);
            assertTrue(json.contains("guidance interval 300,700") && json.contains("\"modelEvaluationsPerBatch\": "
                    + spec.modelEvaluations()), json);
        }
    }

    @Test
    void aBadIntervalIsRefusedWithItsValues() {
        SamplerSpec spec = new SamplerSpec(SamplerKind.DDIM, 4, 0).withGuidanceInterval(GuidanceInterval.parse("10,1000"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> job(new SampleRequest(SampleLabels.perClass(1, 1), 2, 0, spec, 2.0, GuidedChannels.ALL_EPSILON,
                        tmp.resolve("x.npz"), null, 1, 1)));
        assertTrue(e.getMessage().contains("10,1000") && e.getMessage().contains("999"), e.getMessage());
        SamplerSpec ok = spec.withGuidanceInterval(GuidanceInterval.parse("10,20"));
        e = assertThrows(IllegalArgumentException.class,
                () -> job(new SampleRequest(SampleLabels.perClass(1, 1), 2, 0, ok, 1.0, GuidedChannels.ALL_EPSILON,
                        tmp.resolve("x.npz"), null, 1, 1)));
        assertTrue(e.getMessage().contains("--cfg-scale"), e.getMessage());
    }

    private Path sample(SamplerSpec spec, String name) throws IOException {
        Path npz = tmp.resolve(spec.kind().name() + "-" + name);
        job(new SampleRequest(SampleLabels.perClass(2, 1), 2, 5, spec, 3.0, GuidedChannels.ALL_EPSILON, npz, null, 1,
                1)).run(new SampleJob.Listener() {
                });
        return npz;
    }

    private static byte[] bytes(org.nd4j.linalg.api.ndarray.INDArray uint8) {
        int[] values = uint8.castTo(DataType.INT).data().asInt();
        byte[] out = new byte[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = (byte) values[i];
        }
        return out;
    }
}
