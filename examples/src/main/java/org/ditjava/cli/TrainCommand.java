package org.ditjava.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.UnaryOperator;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ditjava.train.DataOpener;
import org.ditjava.model.DiTLoadOptions;
import org.ditjava.model.WeightsKey;
import org.ditjava.train.FineTuneStart;
import org.ditjava.train.LatentDecoder;
import org.ditjava.train.NoUsableCheckpointException;
import org.ditjava.train.ProgressBar;
import org.ditjava.train.RunFolder;
import org.ditjava.train.TrainConfig;
import org.ditjava.train.TrainResult;
import org.ditjava.train.Trainer;
import org.ditjava.train.VaeCodec;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code dit train}: a preset (default {@code fmnist-quick}) adjusted by flags, or {@code --resume}
 * of a run folder ({@code --restart}: start it over, the old files kept aside); Ctrl-C stops after the
 * current step and writes a checkpoint, a second Ctrl-C stops at once.
 */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a DiT (paper recipe by default: AdamW 1e-4, no weight decay, EMA 0.9999, label dropout "
                + "0.1, hybrid loss) and write a run folder: config.json, train.log, metrics.csv, loss.png, "
                + "samples/step-N.png, checkpoints/step-N/ (safetensors + checkpoint.json) and latest.",
            "Examples:",
            "  dit train --preset fmnist-quick --minutes 25 --out runs/fmnist",
            "  dit train --preset paper --data-dir latents/ --out runs/xl2",
            "  dit train --resume runs/fmnist --minutes 10"})
final class TrainCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ArgGroup(multiplicity = "1")
    private Target target;

    static final class Target {
        @Option(names = "--out", paramLabel = "RUN", description = "new run folder")
        Path out;

        @Option(names = "--resume", paramLabel = "RUN", description = "continue this run from its newest valid checkpoint")
        Path resume;
    }

    @Mixin
    private TrainOptions options;

    @Option(names = "--vae", paramLabel = "DIR", description = "SD VAE folder (diffusers or ONNX), to decode latent previews (latent data)")
    private Path vae;

    @Option(names = "--restart", description = "start the run folder over on purpose (with --out: the flags' settings; "
            + "with --resume: its stored ones); the old run's files are moved to RUN/restarted-<time>/, never deleted")
    private boolean restart;

    @Option(names = "--init-from", paramLabel = "FILE",
            description = "fine-tune from these weights (.pt/.pth, .safetensors, .npz; the architecture comes from them); "
                    + "a different class count re-initialises the label table")
    private Path initFrom;

    @Option(names = "--weights-key", paramLabel = "KEY", description = "with --init-from a train.py checkpoint: ema (default) or model")
    private String weightsKey;

    @Override
    public Integer call() throws Exception {
        Trainer trainer;
        if (target.resume != null) {
            if (initFrom != null) {
                throw bad(spec, "--init-from starts a new run; it cannot be combined with --resume");
            }
            trainer = resume();
        } else if (weightsKey != null && initFrom == null) {
            throw bad(spec, "--weights-key needs --init-from");
        } else if (initFrom != null) {
            trainer = fineTune();
        } else {
            trainer = startNew();
        }
        try (trainer; RunLog log = RunLog.to(trainer.run().log(), System.console() != null)) {
            TrainResult r = runStoppable(trainer);
            report(trainer, r);
        }
        return 0;
    }

    private Trainer startNew() throws IOException {
        TrainConfig config = options.resolve(spec, null);
        DataOpener opener = DataOpener.withPolicy(options.policy(spec));
        if (restart) {
            return Trainer.restart(config, target.out, decoder(), opener);
        }
        if (RunFolder.hasCheckpoints(target.out)) {
            throw bad(spec, "--out " + target.out + " already holds a run with checkpoints: continue it with --resume "
                    + target.out + ", or add --restart to start it over (its files are moved to "
                    + target.out.resolve(RunFolder.RESTARTED + "-<time>") + "/)");
        }
        return Trainer.start(config, target.out, decoder(), opener);
    }

    private Trainer resume() throws IOException {
        Path run = target.resume;
        DataOpener opener = DataOpener.withPolicy(options.policy(spec));
        if (restart) {
            if (!Files.isRegularFile(run.resolve(RunFolder.CONFIG))) {
                throw bad(spec, "--resume " + run + ": not a run folder (no " + RunFolder.CONFIG + ")");
            }
            TrainConfig stored = RunFolder.storedConfig(run);
            TrainConfig config = options.hasFixedFlags(spec) ? options.resolve(spec, stored) : options.adjustBudget(stored);
            return Trainer.restart(config, run, decoder(), opener);
        }
        boolean fresh = !RunFolder.hasCheckpoints(run);   // no checkpoint yet: every setting may change
        if (!fresh) {
            options.requireResumable(spec);
        }
        UnaryOperator<TrainConfig> adjust = fresh && options.hasFixedFlags(spec)
                ? stored -> resolveOver(stored) : options::adjustBudget;
        try {
            return Trainer.resume(run, adjust, decoder(), opener);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (NoUsableCheckpointException e) {
            throw new IOException(e.getMessage() + "\nNothing was changed. To start over on purpose: dit train --resume "
                    + run + " --restart (the old files are moved to " + run.resolve(RunFolder.RESTARTED + "-<time>")
                    + "/, never deleted)", e);
        }
    }

    private TrainConfig resolveOver(TrainConfig stored) {
        try {
            return options.resolve(spec, stored);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code --init-from}: the data-fitted config with the file's architecture and weights. */
    private Trainer fineTune() throws IOException {
        options.requireNoArchitecture(spec);
        if (restart) {
            throw bad(spec, "--restart cannot be combined with --init-from; give a new --out");
        }
        TrainConfig fitted = options.resolve(spec, null);
        DiTLoadOptions load = DiTLoadOptions.defaults().withWeightsKey(weightsKey == null ? WeightsKey.EMA
                : Flags.parse(spec, "--weights-key", () -> WeightsKey.parse(weightsKey)));
        if (options.heads != null) {
            load = Flags.parse(spec, "--heads", () -> DiTLoadOptions.defaults().withNumHeads(options.heads)).withWeightsKey(load.weightsKey());
        }
        FineTuneStart init;
        try {
            init = FineTuneStart.from(initFrom, load, fitted.model(), fitted.seed());
        } catch (IllegalArgumentException e) {
            throw bad(spec, "--init-from: " + e.getMessage());
        }
        PrintWriter err = spec.commandLine().getErr();
        init.notes().forEach(n -> err.println("dit train: " + n));
        err.flush();
        TrainConfig config = Flags.parse(spec, "--init-from", () -> fitted.toBuilder().model(init.model()).build());
        return Trainer.fineTune(config, target.out, decoder(), DataOpener.withPolicy(options.policy(spec)), init);
    }

    /** The preview decoder, loaded only once the flags have passed validation (importing the VAE takes a while). */
    private LatentDecoder decoder() throws IOException {
        return vae == null ? LatentDecoder.IDENTITY : VaeCodec.load(vae).decoder();
    }

    /**
     * Runs with Ctrl-C turned into a clean stop with a final checkpoint (a second Ctrl-C stops at
     * once) and a shutdown hook that does the same for a plain {@code kill} (SIGTERM).
     */
    private static TrainResult runStoppable(Trainer trainer) throws IOException, InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            trainer.requestStop();
            try {
                done.await(30, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dit-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try (StopSignals signals = StopSignals.install(trainer::requestStop, System.err)) {
            return trainer.run(new ProgressBar(System.err, System.console() != null));
        } finally {
            done.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting through the hook
            }
        }
    }

    private void report(Trainer trainer, TrainResult r) {
        PrintWriter out = spec.commandLine().getOut();
        RunFolder run = trainer.run();
        out.printf(Locale.ROOT, "trained steps %d..%d in %.1f min (%.1f images/s), stopped: %s%n", r.startStep(), r.step(),
                r.seconds() / 60, r.imagesPerSecond(), r.reason().name().toLowerCase(Locale.ROOT));
        if (r.lastLoss() != null) {
            out.printf(Locale.ROOT, "last loss %.4f (mse %.4f, vb %.4f)%n", r.lastLoss().loss(), r.lastLoss().mse(),
                    r.lastLoss().vb());
        }
        out.println("checkpoint  " + r.checkpoint());
        out.println("metrics     " + run.metrics());
        out.println("loss curve  " + run.lossPlot());
        if (r.preview() != null) {
            out.println("samples     " + r.preview());
        }
        out.println("next: dit sample --ckpt " + run.root().resolve("latest") + " --classes all --per-class 10 "
                + "--out samples.npz --grid grid.png");
        out.flush();
    }

    static ParameterException bad(CommandSpec spec, String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
