package org.ditjava.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.ditjava.diffusion.BetaSchedule;
import org.ditjava.diffusion.DiffusionConfig;
import org.ditjava.model.DiTConfig;

/**
 * Everything that decides a training run (DiT train.py's arguments plus what it hard-codes),
 * validated at construction; a run folder stores it as {@code config.json} and every checkpoint
 * records it. Named settings: {@link TrainPreset}.
 *
 * @param model           the DiT architecture (its input size and channels must fit the data)
 * @param data            the training data
 * @param diffusionSteps  T of the training chain (1000)
 * @param noiseSchedule   beta schedule (linear)
 * @param adam            optimiser (the paper: AdamW 1e-4, no weight decay)
 * @param emaDecay        EMA decay (the paper: 0.9999)
 * @param batchSize       images per optimiser step (the paper: 256 global)
 * @param accumulation    micro-batches per step (gradient accumulation; divides the batch size)
 * @param seed            the seed of data order, timesteps, noise and label dropout
 * @param maxSteps        stop after this many steps in total (0: no step limit)
 * @param minutes         stop after this many minutes of this invocation (0: no time limit)
 * @param logEvery        steps between metric rows / log lines
 * @param checkpointEvery steps between checkpoints (a final one is always written)
 * @param keepLast        checkpoints kept (older ones are deleted)
 * @param preview         the periodic sample grid
 * @param threads         ND4J / BLAS threads (0: ND4J's default); resuming bit-exactly needs the same
 */
public record TrainConfig(DiTConfig model, DataSpec data, int diffusionSteps, BetaSchedule noiseSchedule,
                          AdamConfig adam, double emaDecay, int batchSize, int accumulation, long seed,
                          long maxSteps, double minutes, int logEvery, int checkpointEvery, int keepLast,
                          PreviewSpec preview, int threads) {

    public TrainConfig {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(noiseSchedule, "noiseSchedule");
        Objects.requireNonNull(adam, "adam");
        Objects.requireNonNull(preview, "preview");
        List<String> problems = new ArrayList<>();
        check(problems, diffusionSteps >= 2, "diffusion steps must be at least 2, got " + diffusionSteps);
        check(problems, emaDecay >= 0 && emaDecay < 1, "EMA decay must lie in [0, 1), got " + emaDecay);
        check(problems, batchSize >= 1, "batch size must be positive, got " + batchSize);
        check(problems, accumulation >= 1 && batchSize % accumulation == 0,
                "accumulation " + accumulation + " must be positive and divide the batch size " + batchSize);
        check(problems, maxSteps >= 0, "step budget must be >= 0, got " + maxSteps);
        check(problems, minutes >= 0 && Double.isFinite(minutes), "time budget must be >= 0 minutes, got " + minutes);
        check(problems, maxSteps > 0 || minutes > 0, "give a step budget (--steps) or a time budget (--minutes)");
        check(problems, logEvery >= 1, "log interval must be positive, got " + logEvery);
        check(problems, checkpointEvery >= 1, "checkpoint interval must be positive, got " + checkpointEvery);
        check(problems, keepLast >= 1, "checkpoints kept must be at least 1, got " + keepLast);
        check(problems, threads >= 0, "threads must be >= 0, got " + threads);
        check(problems, model.hasNullClass() || preview.cfgScale() == 1 || !preview.enabled(),
                "guided previews need a model with label dropout (class dropout > 0)");
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid training config: " + String.join("; ", problems));
        }
    }

    private static void check(List<String> problems, boolean ok, String message) {
        if (!ok) {
            problems.add(message);
        }
    }

    /** Images per micro-batch. */
    public int microBatch() {
        return batchSize / accumulation;
    }

    /** The training diffusion ({@code create_diffusion(timestep_respacing="")}, DiT train.py). */
    public DiffusionConfig diffusion() {
        return DiffusionConfig.builder().timestepRespacing("").noiseSchedule(noiseSchedule)
                .learnSigma(model.learnSigma()).diffusionSteps(diffusionSteps).build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Copy-and-change builder (presets adjusted by command-line flags). */
    public static final class Builder {
        private DiTConfig model;
        private DataSpec data;
        private int diffusionSteps;
        private BetaSchedule noiseSchedule;
        private AdamConfig adam;
        private double emaDecay;
        private int batchSize;
        private int accumulation;
        private long seed;
        private long maxSteps;
        private double minutes;
        private int logEvery;
        private int checkpointEvery;
        private int keepLast;
        private PreviewSpec preview;
        private int threads;

        private Builder(TrainConfig c) {
            model = c.model;
            data = c.data;
            diffusionSteps = c.diffusionSteps;
            noiseSchedule = c.noiseSchedule;
            adam = c.adam;
            emaDecay = c.emaDecay;
            batchSize = c.batchSize;
            accumulation = c.accumulation;
            seed = c.seed;
            maxSteps = c.maxSteps;
            minutes = c.minutes;
            logEvery = c.logEvery;
            checkpointEvery = c.checkpointEvery;
            keepLast = c.keepLast;
            preview = c.preview;
            threads = c.threads;
        }

        public Builder model(DiTConfig v) { model = v; return this; }
        public Builder data(DataSpec v) { data = v; return this; }
        public Builder diffusionSteps(int v) { diffusionSteps = v; return this; }
        public Builder noiseSchedule(BetaSchedule v) { noiseSchedule = v; return this; }
        public Builder adam(AdamConfig v) { adam = v; return this; }
        public Builder learningRate(double v) { adam = adam.withLearningRate(v); return this; }
        public Builder emaDecay(double v) { emaDecay = v; return this; }
        public Builder batchSize(int v) { batchSize = v; return this; }
        public Builder accumulation(int v) { accumulation = v; return this; }
        public Builder seed(long v) { seed = v; return this; }
        public Builder maxSteps(long v) { maxSteps = v; return this; }
        public Builder minutes(double v) { minutes = v; return this; }
        public Builder logEvery(int v) { logEvery = v; return this; }
        public Builder checkpointEvery(int v) { checkpointEvery = v; return this; }
        public Builder keepLast(int v) { keepLast = v; return this; }
        public Builder preview(PreviewSpec v) { preview = v; return this; }
        public Builder threads(int v) { threads = v; return this; }

        public TrainConfig build() {
            return new TrainConfig(model, data, diffusionSteps, noiseSchedule, adam, emaDecay, batchSize, accumulation,
                    seed, maxSteps, minutes, logEvery, checkpointEvery, keepLast, preview, threads);
        }
    }
}
