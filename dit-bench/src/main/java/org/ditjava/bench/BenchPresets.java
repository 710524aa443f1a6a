package org.ditjava.bench;

import java.util.Set;
import org.ditjava.model.DiTConfig;
import org.ditjava.train.TrainConfig;
import org.ditjava.train.TrainPreset;

/**
 * Model choices of {@code dit bench}: the paper's presets by name, and {@code fmnist-quick}, the
 * Fashion-MNIST quickstart of dit-train ({@link TrainPreset#FMNIST_QUICK}: its model and micro-batch,
 * in pixel space). The bench times every model the same way; the quickstart's own learning rate, EMA
 * decay and thread count do not change the work of a step and are not applied.
 */
public final class BenchPresets {
    /** Default batch of the DiT presets (issue 8). */
    public static final int DEFAULT_BATCH = 8;

    private BenchPresets() {
    }

    /**
     * A bench spec for {@code name} (a DiT preset at {@code latentSize}, or a dit-train preset such as
     * {@code fmnist-quick}); a null {@code batch} takes the preset's default.
     */
    public static BenchSpec spec(String name, int latentSize, Integer batch, int warmup, int reps, int sampleSteps,
            double cfgScale, Set<BenchSpec.Phase> phases, long seed, int threads, boolean profile) {
        TrainConfig train = trainPreset(name);
        DiTConfig model = train != null ? train.model() : DiTConfig.byName(name).withInputSize(latentSize);
        int n = batch != null ? batch : train != null ? train.microBatch() : DEFAULT_BATCH;
        String label = train != null ? name.trim().toLowerCase(java.util.Locale.ROOT) : model.modelName();
        return new BenchSpec(label, model, n, warmup, reps, sampleSteps, cfgScale, phases, seed, threads, profile);
    }

    /** The training preset named {@code name}, or null when it names a DiT model instead. */
    private static TrainConfig trainPreset(String name) {
        if (name.trim().toLowerCase(java.util.Locale.ROOT).startsWith("dit-")) {
            return null;
        }
        return TrainPreset.parse(name).config(null);
    }
}
