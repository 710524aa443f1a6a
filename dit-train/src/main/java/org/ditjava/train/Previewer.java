package org.ditjava.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.ditjava.diffusion.DiffusionConfig;
import org.ditjava.diffusion.SamplingListener;
import org.ditjava.model.DiTConfig;
import org.ditjava.model.DiTModel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Draws a run's preview grid from the EMA weights: one row per class (the first
 * {@link PreviewSpec#maxClasses()}), {@link PreviewSpec#perClass()} columns, the same noise every
 * time, so successive grids show what training changed.
 */
final class Previewer {
    /** Images sampled together (twice as many rows run through the model with guidance). */
    private static final int CHUNK = 40;

    private final PreviewSpec spec;
    private final DiTModel emaModel;
    private final SamplingPipeline pipeline;
    private final long[] labels;

    Previewer(PreviewSpec spec, DiTConfig config, DiffusionConfig diffusion, Map<String, INDArray> ema,
              LatentDecoder decoder) {
        this.spec = spec;
        this.emaModel = DiTModel.withWeights(config, ema, DataType.FLOAT);
        this.pipeline = new SamplingPipeline(emaModel, diffusion, spec.sampler(), spec.cfgScale(),
                SamplingPipeline.defaultChannels(config), decoder);
        int rows = Math.min(spec.maxClasses(), config.numClasses());
        this.labels = SampleLabels.perClass(rows, spec.perClass());
    }

    /** Samples with the current EMA weights and writes the grid. */
    void draw(Map<String, INDArray> ema, Path png) throws IOException {
        emaModel.setWeights(ema);
        byte[] all = null;
        long[] shape = null;
        int done = 0;
        for (int chunk = 0; done < labels.length; chunk++) {
            int n = Math.min(CHUNK, labels.length - done);
            long[] part = java.util.Arrays.copyOfRange(labels, done, done + n);
            INDArray images = pipeline.sample(part, StepRandom.derive(spec.seed(), chunk), SamplingListener.NONE);
            byte[] bytes = PixelCodec.toBytes(images);
            if (all == null) {
                shape = images.shape();
                all = new byte[(int) (bytes.length / n * (long) labels.length)];
            }
            System.arraycopy(bytes, 0, all, done * (bytes.length / n), bytes.length);
            done += n;
        }
        int side = (int) shape[2];
        ImageGrid.write(png, all, labels.length, side, (int) shape[3], (int) shape[1], spec.perClass(), side < 64 ? 2 : 1);
    }
}
