package org.ditjava.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ditjava.diffusion.DiffusionConfig;
import org.ditjava.diffusion.GuidedChannels;
import org.ditjava.model.DiTModel;
import org.ditjava.train.Checkpoint;
import org.ditjava.train.CheckpointStore;
import org.ditjava.train.LatentDecoder;
import org.ditjava.train.SampleJob;
import org.ditjava.train.SampleLabels;
import org.ditjava.train.SampleRequest;
import org.ditjava.train.SamplerKind;
import org.ditjava.train.SamplerSpec;
import org.ditjava.train.SamplingPipeline;
import org.ditjava.train.Threads;
import org.ditjava.train.VaeCodec;
import org.nd4j.linalg.api.buffer.DataType;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dit sample}: class-conditional samples from a checkpoint to a grid PNG and/or an ADM-format .npz. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sample a trained DiT (EMA weights by default; DiT sample.py / sample_ddp.py): DDPM on a respaced "
                + "chain (default 250 steps) or DDIM, classifier-free guidance. Writes a grid PNG and/or an .npz with "
                + "arr_0 (uint8 N x H x W x C) and labels, batch by batch: an interrupted run continues where it stopped.",
            "Example: dit sample --ckpt runs/fmnist/latest --classes all --per-class 10 --cfg-scale 4 "
                + "--out samples.npz --grid grid.png"})
final class SampleCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--ckpt", required = true, paramLabel = "PATH",
            description = "RUN, RUN/latest, RUN/checkpoints/step-N, or a weights file with cfg.* keys (.safetensors/.npz)")
    private Path ckpt;

    @Option(names = "--raw-weights", description = "use the trained weights instead of their EMA")
    private boolean raw;

    @Option(names = "--classes", paramLabel = "LIST", defaultValue = "all", description = "'all' or class indices, e.g. 0,3,7")
    private String classes;

    @Option(names = "--per-class", paramLabel = "K", defaultValue = "10", description = "samples per class (default ${DEFAULT-VALUE})")
    private int perClass;

    @Option(names = "--cfg-scale", paramLabel = "S", defaultValue = "4.0",
            description = "guidance scale, 1 = none (default ${DEFAULT-VALUE}; the paper's FID uses 1.5)")
    private double cfgScale;

    @Option(names = "--sampler", paramLabel = "KIND", defaultValue = "ddpm", description = "ddpm or ddim (default ${DEFAULT-VALUE})")
    private String sampler;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "250", description = "sampling steps (default ${DEFAULT-VALUE})")
    private int steps;

    @Option(names = "--eta", paramLabel = "E", defaultValue = "0", description = "DDIM eta (default ${DEFAULT-VALUE})")
    private double eta;

    @Option(names = "--clip", description = "clamp each x_0 prediction to [-1, 1] (improved-DDPM's pixel-space setting; "
            + "DiT's sample.py does not)")
    private boolean clip;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "noise seed (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "50", description = "samples per batch (default ${DEFAULT-VALUE})")
    private int batchSize;

    @Option(names = "--out", paramLabel = "NPZ", description = "ADM-format .npz (arr_0, labels)")
    private Path npz;

    @Option(names = "--grid", paramLabel = "PNG", description = "grid picture of the first samples, one row per class")
    private Path grid;

    @Option(names = "--grid-max", paramLabel = "N", defaultValue = "200", description = "images in the grid at most (default ${DEFAULT-VALUE})")
    private int gridMax;

    @Option(names = "--guide", paramLabel = "WHICH",
            description = "guided channels: first_three (official) or all_epsilon (default: all_epsilon below 3 channels)")
    private String guide;

    @Option(names = "--vae", paramLabel = "DIR", description = "SD VAE folder (diffusers or ONNX), to decode a latent model's samples")
    private Path vae;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "ND4J threads (default ${DEFAULT-VALUE})")
    private int threads;

    @Override
    public Integer call() throws Exception {
        Threads.apply(threads);
        Loaded m = load();
        List<Integer> cls = parse("--classes", () -> SampleLabels.parse(classes, m.model.config().numClasses()));
        SamplerSpec s = parse("--sampler", () -> new SamplerSpec(SamplerKind.parse(sampler), steps, eta, clip));
        GuidedChannels ch = guide == null ? SamplingPipeline.defaultChannels(m.model.config())
                : parse("--guide", () -> GuidedChannels.byName(guide));
        SampleRequest req = parse("request", () -> new SampleRequest(SampleLabels.expand(cls, perClass), batchSize, seed, s,
                cfgScale, ch, npz, grid, perClass, gridMax));
        if (m.model.config().inChannels() == 4 && vae == null) {
            throw new ParameterException(spec.commandLine(), "this model makes 4-channel VAE latents: give --vae DIR to decode them");
        }
        LatentDecoder decoder = vae == null ? LatentDecoder.IDENTITY : VaeCodec.load(vae).decoder();
        SampleJob job = parse("sampling", () -> new SampleJob(m.model, m.diffusion, decoder, req, m.id));
        SampleJob.Result r = job.run(new SampleProgress(System.err, System.console() != null));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%d samples (%s, guidance %.2f) from %s in %.1f s%s%n", r.samples(), s, cfgScale, m.id,
                r.seconds(), r.skippedBatches() > 0 ? " (" + r.skippedBatches() + " batches were already done)" : "");
        if (r.npz() != null) {
            out.println("npz   " + r.npz());
        }
        if (r.grid() != null) {
            out.println("grid  " + r.grid());
        }
        out.flush();
        return 0;
    }

    private record Loaded(DiTModel model, DiffusionConfig diffusion, String id) {
    }

    private Loaded load() throws IOException {
        if (Files.isRegularFile(ckpt) && !ckpt.getFileName().toString().equals(CheckpointStore.LATEST)) {
            DiTModel model = DiTModel.load(ckpt, DataType.FLOAT);
            DiffusionConfig d = DiffusionConfig.builder().learnSigma(model.config().learnSigma()).build();
            return new Loaded(model, d, ckpt.toAbsolutePath() + " (" + Files.size(ckpt) + " bytes)");
        }
        CheckpointStore.Verified v = CheckpointStore.resolve(ckpt, List.of(raw ? Checkpoint.MODEL : Checkpoint.EMA));
        var cfg = v.record().config();
        DiTModel model = DiTModel.withWeights(cfg.model(), Checkpoint.readWeights(v.dir(), cfg.model(), !raw), DataType.FLOAT);
        String which = raw ? "weights" : "EMA weights";
        return new Loaded(model, cfg.diffusion(), v.dir().toAbsolutePath() + " step " + v.record().step() + " " + which);
    }

    private <T> T parse(String option, java.util.function.Supplier<T> f) {
        return Flags.parse(spec, option, f);
    }

    /** Batch, step, elapsed time and ETA: a {@code \r} line on a terminal, a line per batch otherwise. */
    private static final class SampleProgress implements SampleJob.Listener {
        private final PrintStream out;
        private final boolean terminal;
        private final long t0 = System.nanoTime();
        private int batch;
        private int batches;
        private int skipped;
        private int sampled;

        SampleProgress(PrintStream out, boolean terminal) {
            this.out = out;
            this.terminal = terminal;
        }

        @Override
        public void onBatch(int b, int total, boolean alreadyDone) {
            batch = b;
            batches = total;
            if (alreadyDone) {
                skipped++;
            } else {
                sampled++;
            }
            if (!terminal) {
                out.printf(Locale.ROOT, "batch %d/%d%s (%.0f s)%n", b + 1, total, alreadyDone ? " already done" : "", seconds());
            }
        }

        @Override
        public void onStep(int step, int steps) {
            if (!terminal) {
                return;
            }
            double done = sampled - 1 + step / (double) steps;
            double left = batches - skipped - done;
            double eta = done > 0 ? seconds() / done * left : Double.NaN;
            out.printf(Locale.ROOT, "\rbatch %d/%d step %d/%d | %.0f s | ETA %s   ", batch + 1, batches, step, steps, seconds(),
                    Double.isNaN(eta) ? "--" : String.format(Locale.ROOT, "%.0f s", eta));
            if (step == steps && batch + 1 == batches) {
                out.println();
            }
            out.flush();
        }

        private double seconds() {
            return (System.nanoTime() - t0) / 1e9;
        }
    }
}
