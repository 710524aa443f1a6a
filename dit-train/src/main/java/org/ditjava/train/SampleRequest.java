package org.ditjava.train;

import java.nio.file.Path;
import java.util.Objects;
import org.ditjava.diffusion.GuidedChannels;

/**
 * What {@code dit sample} makes (DiT sample.py / sample_ddp.py arguments).
 *
 * @param labels    the class of each sample, in order
 * @param batchSize samples per model batch (doubled with guidance)
 * @param seed      noise seed; batch b uses the stream {@code StepRandom.derive(seed, b)}
 * @param sampler   sampler and steps
 * @param cfgScale  guidance scale (1: none)
 * @param channels  guided output channels
 * @param npz       ADM-format output ({@code arr_0} uint8 N×H×W×C, {@code labels}), or null
 * @param grid      grid PNG, or null
 * @param columns   grid images per row
 * @param gridMax   images in the grid at most (the first ones)
 */
public record SampleRequest(long[] labels, int batchSize, long seed, SamplerSpec sampler, double cfgScale,
                            GuidedChannels channels, Path npz, Path grid, int columns, int gridMax) {
    public SampleRequest {
        Objects.requireNonNull(sampler, "sampler");
        Objects.requireNonNull(channels, "channels");
        labels = labels.clone();
        if (labels.length == 0) {
            throw new IllegalArgumentException("nothing to sample: no labels");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("--batch-size must be positive, got " + batchSize);
        }
        if (npz == null && grid == null) {
            throw new IllegalArgumentException("give --out FILE.npz and/or --grid FILE.png");
        }
        if (npz != null && !npz.getFileName().toString().endsWith(".npz")) {
            throw new IllegalArgumentException("--out must name a .npz file, got " + npz);
        }
        if (grid != null && !grid.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
            throw new IllegalArgumentException("--grid must name a .png file, got " + grid);
        }
        if (columns < 1 || gridMax < 1) {
            throw new IllegalArgumentException("grid columns and size must be positive");
        }
    }

    @Override
    public long[] labels() {
        return labels.clone();
    }

    /** Number of batches. */
    public int batches() {
        return (labels.length + batchSize - 1) / batchSize;
    }
}
