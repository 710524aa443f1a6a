package org.ditjava.train;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ditjava.diffusion.DiffusionConfig;
import org.ditjava.diffusion.GuidanceInterval;
import org.ditjava.diffusion.SamplingListener;
import org.ditjava.model.DiTModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code dit sample}'s work: the labels in batches through a {@link SamplingPipeline}, each batch with
 * its own noise stream (so the result does not depend on where a run was interrupted), written to a
 * resumable ADM-format {@code .npz} ({@link SampleParts}) and/or a grid PNG of the first images.
 * DiT's sample_ddp.py writes one PNG per sample and packs them at the end; here batches go straight
 * into the archive's parts. Besides ADM's {@code arr_0} and {@code labels} the archive records how it was
 * made (readers of the ADM format ignore extra arrays): {@code guidance_interval} int64 [lo, hi], the
 * original-scale timesteps where guidance applied ([0, T − 1] when everywhere), and {@code sampling}, the
 * UTF-8 bytes (uint8) of a JSON object with the plan (model, sampler, guidance scale, channels, seed,
 * batch size, count), the interval and the model evaluations per batch.
 */
public final class SampleJob {
    private final SamplingPipeline pipeline;
    private final SampleRequest request;
    private final String modelId;
    private final int diffusionSteps;

    /** Hears progress; both methods have empty defaults. */
    public interface Listener {
        /** Batch {@code batch} of {@code batches} starts; {@code skipped} when it was already on disk. */
        default void onBatch(int batch, int batches, boolean skipped) {
        }

        /** A reverse step of the current batch finished. */
        default void onStep(int step, int steps) {
        }
    }

    /** What was written. */
    public record Result(int samples, int skippedBatches, Path npz, Path grid, double seconds) {
    }

    /**
     * @param diffusion the model's training diffusion
     * @param modelId   identifies the weights (a resumed .npz must come from the same ones)
     */
    public SampleJob(DiTModel model, DiffusionConfig diffusion, LatentDecoder decoder, SampleRequest request,
                     String modelId) {
        this.pipeline = new SamplingPipeline(model, diffusion, request.sampler(), request.cfgScale(), request.channels(),
                decoder);
        this.request = request;
        this.modelId = modelId;
        this.diffusionSteps = diffusion.diffusionSteps();
    }

    public Result run(Listener listener) throws IOException {
        long t0 = System.nanoTime();
        long[] labels = request.labels();
        int gridCount = Math.min(request.gridMax(), labels.length);
        SampleParts parts = request.npz() == null ? null : new SampleParts(request.npz());
        SampleParts.Plan plan = new SampleParts.Plan(modelId, request.sampler().toString(), request.cfgScale(),
                request.channels().referenceName(), request.seed(), request.batchSize(), labels.length,
                SampleParts.hash(labels));
        if (parts != null) {
            parts.open(plan);
        }
        GridBuffer grid = new GridBuffer(gridCount);
        int skipped = 0;
        SamplingListener steps = (step, total, result) -> listener.onStep(step + 1, total);
        for (int b = 0; b < request.batches(); b++) {
            int from = b * request.batchSize();
            long[] part = Arrays.copyOfRange(labels, from, Math.min(labels.length, from + request.batchSize()));
            boolean done = parts != null && parts.has(b, part.length);
            listener.onBatch(b, request.batches(), done);
            INDArray uint8;
            if (done) {
                skipped++;
                uint8 = from < gridCount ? parts.read(b) : null;
            } else {
                uint8 = PixelCodec.toUint8(pipeline.sample(part, StepRandom.derive(request.seed(), b), steps));
                if (parts != null) {
                    parts.save(b, uint8);
                }
            }
            if (uint8 != null) {
                grid.add(from, uint8);
            }
        }
        if (parts != null) {
            parts.assemble(labels, request.batches(), metadata(plan));
        }
        if (request.grid() != null) {
            grid.write(request.grid(), request.columns());
        }
        return new Result(labels.length, skipped, request.npz(), request.grid(), (System.nanoTime() - t0) / 1e9);
    }

    /** The arrays that record how the samples were made (see the class comment). */
    private Map<String, INDArray> metadata(SampleParts.Plan plan) {
        GuidanceInterval interval = request.sampler().guidanceInterval();
        long hi = Math.min(interval.hi(), diffusionSteps - 1L);
        Map<String, Object> sampling = new LinkedHashMap<>();
        sampling.put("plan", plan);
        sampling.put("guidanceInterval", new long[] {interval.lo(), hi});
        sampling.put("modelEvaluationsPerBatch", pipeline.modelEvaluations());
        byte[] json = Json.GSON.toJson(sampling).getBytes(StandardCharsets.UTF_8);
        int[] bytes = new int[json.length];
        for (int i = 0; i < json.length; i++) {
            bytes[i] = json[i] & 0xff;
        }
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        arrays.put("guidance_interval", Nd4j.createFromArray(interval.lo(), hi));
        arrays.put("sampling", Nd4j.createFromArray(bytes).castTo(DataType.UBYTE));
        return arrays;
    }

    /** The first images, kept for the grid. */
    private static final class GridBuffer {
        private final int count;
        private byte[] pixels;
        private long[] shape;

        GridBuffer(int count) {
            this.count = count;
        }

        void add(int from, INDArray uint8) {
            if (from >= count) {
                return;
            }
            shape = uint8.shape();
            int per = (int) (shape[1] * shape[2] * shape[3]);
            if (pixels == null) {
                pixels = new byte[count * per];
            }
            byte[] b = new byte[(int) uint8.length()];
            uint8.data().asNio().position(0).get(b);
            System.arraycopy(b, 0, pixels, from * per, Math.min(b.length, (count - from) * per));
        }

        void write(Path png, int columns) throws IOException {
            int side = (int) shape[1];
            ImageGrid.write(png, pixels, count, side, (int) shape[2], (int) shape[3], Math.min(columns, count),
                    side < 64 ? 2 : 1);
        }
    }
}
