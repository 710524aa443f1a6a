package org.ditjava.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ditjava.diffusion.DiffusionConfig;
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
}
