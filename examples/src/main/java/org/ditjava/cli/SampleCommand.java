package org.ditjava.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.ditjava.diffusion.DiffusionConfig;
import org.ditjava.diffusion.GuidanceInterval;
import org.ditjava.diffusion.GuidedChannels;
import org.ditjava.io.OutputPaths;
import org.ditjava.model.DiTModel;
import org.ditjava.train.Checkpoint;
import org.ditjava.train.CheckpointStore;
import org.ditjava.train.GridLegend;
import org.ditjava.train.ImageNetClasses;
import org.ditjava.train.LatentDecoder;
import org.ditjava.train.RunFolder;
import org.ditjava.train.RunLock;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dit sample}: class-conditional samples from a checkpoint to a grid PNG and/or an ADM-format .npz. */
@Command(name = "sample", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Sample a trained DiT (EMA weights by default; DiT sample.py / sample_ddp.py): DDPM on a respaced "
                + "chain (default 250 steps), DDIM, DPM-Solver++(2M) or Heun, classifier-free guidance (optionally in a "
                + "timestep interval, recorded in the .npz). Writes a grid PNG and/or an .npz with "
                + "arr_0 (uint8 N x H x W x C) and labels, batch by batch: an interrupted run continues where it stopped.",
            "Example: dit sample --ckpt runs/fmnist/latest --classes all --per-class 10 --cfg-scale 4 "
                + "--out samples.npz --grid grid.png"})
final class SampleCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = {"--ckpt", "--weights"}, required = true, paramLabel = "PATH",
            description = "RUN, RUN/latest, RUN/checkpoints/step-N, or a weights file: .pt/.pth (e.g. the released "
                    + "DiT-XL-2-256x256.pt, or a train.py checkpoint), .safetensors, .npz; config from the file or its shapes")
    private Path ckpt;

    @Mixin
    private WeightsOptions weightsOptions;

    @Option(names = "--raw-weights", description = "use the trained weights instead of their EMA")
    private boolean raw;

    @Option(names = "--classes", paramLabel = "LIST", defaultValue = "all",
            description = "'all' or class indices, e.g. 0,3,7; for a 1000-class ImageNet model also names, e.g. "
                    + "\"golden retriever,tabby cat\" (then grid.txt beside the grid names each row)")
    private String classes;

    @Option(names = "--per-class", paramLabel = "K", defaultValue = "10", description = "samples per class (default ${DEFAULT-VALUE})")
    private int perClass;

    @Option(names = "--cfg-scale", paramLabel = "S", defaultValue = "4.0",
            description = "guidance scale, 1 = none (default ${DEFAULT-VALUE}; the paper's FID uses 1.5)")
    private double cfgScale;

    @Option(names = "--sampler", paramLabel = "KIND", defaultValue = "ddpm",
            description = "ddpm, ddim, dpm++2m (DPM-Solver++ 2M) or heun (Heun's 2nd-order ODE solver) (default ${DEFAULT-VALUE})")
    private String sampler;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "250",
            description = "sampling steps, >= 2 (default ${DEFAULT-VALUE}); one model evaluation each, except heun: "
                    + "N Heun steps cost 2N-1 evaluations (2 per step, 1 for the last)")
    private int steps;

    @Option(names = "--guidance-interval", paramLabel = "LO,HI",
            description = "apply guidance only at timesteps LO..HI of the 0..T-1 chain (e.g. 0,700); outside it the "
                    + "unconditional half is not run (default: every timestep, the official behaviour)")
    private String guidanceInterval;

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
        checkOutputs();
        Threads.apply(threads);
        GuidanceInterval interval = guidanceInterval == null ? GuidanceInterval.ALL
                : parse("--guidance-interval", () -> GuidanceInterval.parse(guidanceInterval));
        SamplerSpec s = parse("--sampler", () -> new SamplerSpec(SamplerKind.parse(sampler), steps, eta, clip, interval));
        try (RunLock lock = lockRun()) {
            return sample(s);
        }
    }

    /** --out (and its .parts folder) and --grid: existing folders, never the checkpoint read. */
    private void checkOutputs() {
        for (Object[] o : new Object[][] {{"--out", npz}, {"--out", npz == null ? null : npz.resolveSibling(npz.getFileName() + ".parts")},
            {"--grid", grid}}) {
            Path p = (Path) o[1];
            OutputChecks.require(spec, (String) o[0], p, ckpt, "the checkpoint");
            if (p != null && !Files.isRegularFile(ckpt)) {
                Flags.parse(spec, (String) o[0], () -> {
                    OutputPaths.requireNotInput(p, CheckpointStore.checkpointFolder(ckpt), "the checkpoint");
                    return p;
                });
            }
        }
    }

    /** Sampling into a run folder (an output inside it) holds the run's lock, as training does. */
    private RunLock lockRun() throws IOException {
        for (Path p : new Path[] {npz, grid}) {
            if (p != null) {
                Optional<Path> run = RunFolder.enclosing(p);
                if (run.isPresent()) {
                    return RunLock.acquire(run.get(), "dit sample");
                }
            }
        }
        return null;
    }

    private int sample(SamplerSpec s) throws Exception {
        Loaded m = load();
        int numClasses = m.model.config().numClasses();
        List<Integer> cls = parse("--classes", () -> ImageNetClasses.hasNames(classes)
                ? imageNetIds(numClasses) : SampleLabels.parse(classes, numClasses));
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
            if (numClasses == ImageNetClasses.COUNT) {
                Path legend = GridLegend.besides(r.grid());
                GridLegend.write(legend, GridLegend.lines(req.labels(), req.columns(), gridMax, ImageNetClasses.get()::name));
                out.println("names " + legend);
            }
        }
        out.flush();
        return 0;
    }

    /** {@code --classes} with ImageNet names (and ids), for a 1,000-class model. */
    private List<Integer> imageNetIds(int numClasses) {
        if (numClasses != ImageNetClasses.COUNT) {
            throw new IllegalArgumentException("class names are the " + ImageNetClasses.COUNT + " ImageNet classes, but this "
                    + "model has " + numClasses + " classes: give class indices");
        }
        return ImageNetClasses.get().parse(classes);
    }

    private record Loaded(DiTModel model, DiffusionConfig diffusion, String id) {
    }

    private Loaded load() throws IOException {
        if (Files.isRegularFile(ckpt) && !ckpt.getFileName().toString().equals(CheckpointStore.LATEST)) {
            DiTModel model = DiTModel.load(ckpt, weightsOptions.toLoadOptions(spec, ckpt, raw), DataType.FLOAT);
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
