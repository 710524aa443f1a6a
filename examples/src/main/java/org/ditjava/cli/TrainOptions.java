package org.ditjava.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ditjava.data.BadInputPolicy;
import org.ditjava.model.DiTConfig;
import org.ditjava.train.DataKind;
import org.ditjava.train.DataProbe;
import org.ditjava.train.DataSpec;
import org.ditjava.train.TrainConfig;
import org.ditjava.train.TrainPreset;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/** The flags of {@code dit train}: every one overrides its preset value only when given. */
final class TrainOptions {
    @Option(names = "--preset", paramLabel = "NAME", defaultValue = "fmnist-quick",
            description = "fmnist-quick (default), fmnist-tiny or paper (DiT-XL/2, ImageNet 256 latents)")
    String preset;

    @Option(names = "--data", paramLabel = "KIND", description = "fmnist, folder (ImageNet-style, pixels) or latents (shards)")
    String data;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "the data folder (Fashion-MNIST: its IDX files)")
    Path dataDir;

    @Option(names = "--image-size", paramLabel = "PX", description = "image side: 28 or 32 for fmnist, the crop for a folder")
    Integer imageSize;

    @Option(names = "--flip", negatable = true, description = "random horizontal flips (the paper: on)")
    Boolean flip;

    @Option(names = "--model", paramLabel = "NAME", description = "DiT-S/2 ... DiT-XL/8 (size fitted to the data)")
    String model;

    @Option(names = "--depth", paramLabel = "N", description = "custom model: blocks")
    Integer depth;

    @Option(names = "--hidden", paramLabel = "D", description = "custom model: width")
    Integer hidden;

    @Option(names = "--patch", paramLabel = "P", description = "custom model: patch size")
    Integer patch;

    @Option(names = "--heads", paramLabel = "H", description = "custom model: attention heads")
    Integer heads;

    @Option(names = "--batch-size", paramLabel = "N", description = "images per optimiser step")
    Integer batchSize;

    @Option(names = "--accum", paramLabel = "K", description = "gradient accumulation: micro-batches per step")
    Integer accumulation;

    @Option(names = "--lr", paramLabel = "LR", description = "learning rate (the paper: 1e-4)")
    Double lr;

    @Option(names = "--ema-decay", paramLabel = "D", description = "EMA decay (the paper: 0.9999)")
    Double emaDecay;

    @Option(names = "--seed", paramLabel = "S", description = "seed of data order, noise, timesteps, label dropout, init")
    Long seed;

    @Option(names = "--steps", paramLabel = "N", description = "step budget (total steps; 0: none)")
    Long steps;

    @Option(names = "--minutes", paramLabel = "M", description = "time budget of this invocation (0: none)")
    Double minutes;

    @Option(names = "--log-every", paramLabel = "N", description = "steps between metric rows")
    Integer logEvery;

    @Option(names = "--ckpt-every", paramLabel = "N", description = "steps between checkpoints")
    Integer checkpointEvery;

    @Option(names = "--keep", paramLabel = "K", description = "checkpoints kept")
    Integer keep;

    @Option(names = "--sample-every", paramLabel = "N", description = "steps between preview grids (0: only at the end)")
    Integer sampleEvery;

    @Option(names = "--threads", paramLabel = "N", description = "ND4J threads (0: ND4J default; resume with the same)")
    Integer threads;

    @Option(names = "--policy", paramLabel = "fail|skip", defaultValue = "fail",
            description = "bad images of a --data folder (as dit data): fail: stop before training at the first one "
                    + "(default); skip: leave them out and log them")
    String policy;

    /** The bad-input policy of an image folder. */
    BadInputPolicy policy(CommandSpec spec) {
        return parse(spec, "--policy", () -> BadInputPolicy.parse(policy));
    }

    /**
     * The preset (or {@code stored}, a run's configuration, when given and no --preset is) with every
     * given flag applied, the model fitted to the data.
     */
    TrainConfig resolve(CommandSpec spec, TrainConfig stored) throws IOException {
        boolean fromStored = stored != null && !spec.commandLine().getParseResult().hasMatchedOption("--preset");
        TrainPreset p = parse(spec, "--preset", () -> TrainPreset.parse(preset));
        TrainConfig base = fromStored ? stored : parse(spec, "--data-dir", () -> p.config(dataDir));
        DataSpec d = dataSpec(spec, base.data());
        DataProbe probe = DataProbe.of(d, policy(spec));
        DiTConfig m = modelFor(spec, base.model(), d, probe);
        TrainConfig.Builder b = parse(spec, "budget", () -> adjustBudget(base)).toBuilder().data(d).model(m);
        set(batchSize, b::batchSize);
        set(accumulation, b::accumulation);
        set(lr, b::learningRate);
        set(emaDecay, b::emaDecay);
        set(seed, b::seed);
        return parse(spec, "config", b::build);
    }

    /** Applies the flags a resumed run may change: budget, intervals, threads. */
    TrainConfig adjustBudget(TrainConfig c) {
        TrainConfig.Builder b = c.toBuilder();
        set(steps, b::maxSteps);
        set(minutes, b::minutes);
        set(logEvery, b::logEvery);
        set(checkpointEvery, b::checkpointEvery);
        set(keep, b::keepLast);
        set(threads, b::threads);
        if (sampleEvery != null) {
            b.preview(c.preview().withEvery(sampleEvery));
        }
        return b.build();
    }

    /** Whether a flag that changes the training itself (not only the budget) was given. */
    boolean hasFixedFlags(CommandSpec spec) {
        return !fixedFlags(spec).isEmpty();
    }

    /** Fails when an architecture flag is combined with --init-from (the weights fix the architecture). */
    void requireNoArchitecture(CommandSpec spec) {
        List<String> given = new ArrayList<>();
        Object[][] arch = {{model, "--model"}, {depth, "--depth"}, {hidden, "--hidden"}, {patch, "--patch"}};
        for (Object[] f : arch) {
            if (f[0] != null) {
                given.add((String) f[1]);
            }
        }
        if (!given.isEmpty()) {
            throw TrainCommand.bad(spec, "--init-from takes the architecture from the weights; " + String.join(", ", given)
                    + " cannot be combined with it");
        }
    }

    /** Fails when a flag that would change the training itself is combined with --resume. */
    void requireResumable(CommandSpec spec) {
        List<String> given = fixedFlags(spec);
        if (!given.isEmpty()) {
            throw TrainCommand.bad(spec, "--resume continues the run's stored configuration; " + String.join(", ", given)
                    + " cannot change (only --steps, --minutes, --log-every, --ckpt-every, --keep, --sample-every, --threads, "
                    + "--policy)");
        }
    }

    private List<String> fixedFlags(CommandSpec spec) {
        List<String> given = new ArrayList<>();
        Object[][] fixed = {{data, "--data"}, {dataDir, "--data-dir"}, {imageSize, "--image-size"}, {flip, "--flip"},
            {model, "--model"}, {depth, "--depth"}, {hidden, "--hidden"}, {patch, "--patch"}, {heads, "--heads"},
            {batchSize, "--batch-size"}, {accumulation, "--accum"}, {lr, "--lr"}, {emaDecay, "--ema-decay"}, {seed, "--seed"}};
        for (Object[] f : fixed) {
            if (f[0] != null) {
                given.add((String) f[1]);
            }
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--preset")) {
            given.add("--preset");
        }
        return given;
    }

    private DataSpec dataSpec(CommandSpec spec, DataSpec base) {
        DataKind kind = data == null ? base.kind() : parse(spec, "--data", () -> DataKind.parse(data));
        Path dir = data == null && dataDir == null ? base.dir() : dataDir;
        int size = imageSize != null ? imageSize : kind == base.kind() ? base.imageSize() : kind == DataKind.FASHION_MNIST ? 28 : 256;
        boolean f = flip != null ? flip : base.flip();
        return parse(spec, "--data", () -> new DataSpec(kind, dir, size, f));
    }

    private DiTConfig modelFor(CommandSpec spec, DiTConfig base, DataSpec d, DataProbe probe) {
        DiTConfig m = model == null ? base : parse(spec, "--model", () -> DiTConfig.byName(model));
        int dep = depth != null ? depth : m.depth();
        int hid = hidden != null ? hidden : m.hiddenSize();
        int pat = patch != null ? patch : m.patchSize();
        int hd = heads != null ? heads : m.numHeads();
        return parse(spec, "model", () -> new DiTConfig(dep, hid, pat, hd, probe.size(), probe.channels(), probe.classes(),
                m.classDropoutProb(), m.learnSigma(), m.blockType(), m.mlpRatio()));
    }

    private static <T> void set(T value, java.util.function.Consumer<T> setter) {
        if (value != null) {
            setter.accept(value);
        }
    }

    private static <T> T parse(CommandSpec spec, String what, java.util.function.Supplier<T> f) {
        return Flags.parse(spec, what, f);
    }
}
