package org.ditjava.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ditjava.train.LatentDecoder;
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
 * of a run folder; Ctrl-C stops after the current step and writes a checkpoint.
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

    @Override
    public Integer call() throws Exception {
        Trainer trainer;
        if (target.resume != null) {
            options.requireResumable(spec);
            trainer = Trainer.resume(target.resume, options::adjustBudget, decoder());
        } else {
            TrainConfig config = options.resolve(spec);
            trainer = Trainer.start(config, target.out, decoder());
        }
        try (trainer; RunLog log = RunLog.to(trainer.run().log(), System.console() != null)) {
            TrainResult r = runStoppable(trainer);
            report(trainer, r);
        }
        return 0;
    }

    /** The preview decoder, loaded only once the flags have passed validation (importing the VAE takes a while). */
    private LatentDecoder decoder() throws IOException {
        return vae == null ? LatentDecoder.IDENTITY : VaeCodec.load(vae).decoder();
    }

    /** Runs with a shutdown hook that turns Ctrl-C into a clean stop with a final checkpoint. */
    private static TrainResult runStoppable(Trainer trainer) throws IOException, InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            System.err.println("\ndit train: stopping after this step and writing a checkpoint (Ctrl-C again does not hurry it)");
            trainer.requestStop();
            try {
                done.await(30, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "dit-train-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
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
