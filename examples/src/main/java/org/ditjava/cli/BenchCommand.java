package org.ditjava.cli;

import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.ditjava.bench.BenchPresets;
import org.ditjava.bench.BenchReport;
import org.ditjava.bench.BenchSpec;
import org.ditjava.bench.DiTBench;
import org.ditjava.bench.VaeBench;
import org.ditjava.bench.VaeBenchReport;
import org.ditjava.bench.VaeBenchSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code dit bench}: forward, training step, CFG sampling step and the sgemm ceiling, in one process. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Time the forward pass, the full training step (hybrid loss, AdamW, EMA) and one DDPM "
                + "sampling step with classifier-free guidance of a DiT, plus the machine's sgemm ceiling, in one "
                + "process: median and spread after warm-up, images/s, GFLOP/s from the model's Gflops (2 FLOPs per "
                + "MAC, x3 for a training step), fraction of the ceiling, peak RSS (off-heap included).",
                "bench/compare.sh runs this next to the PyTorch baseline (bench/pytorch_dit.py)."})
final class BenchCommand implements Callable<Integer> {
    private static final String VAE = "sd-vae";
    private static final List<String> DIT_PHASES = List.of("forward", "sample", "train");

    @Spec
    private CommandSpec spec;

    @Option(names = "--model", paramLabel = "NAME", defaultValue = "DiT-S/2",
            description = "a DiT preset (DiT-S/2, DiT-B/4, ...), a training preset such as fmnist-quick, or "
                    + "sd-vae: the full-width SD-VAE decoder and encoder (random weights; --batch default 1) "
                    + "(default ${DEFAULT-VALUE})")
    private String model;

    @Option(names = "--batch", paramLabel = "N", description = "images per step (default: 8; a training "
            + "preset's own micro-batch)")
    private Integer batch;

    @Option(names = "--image-size", paramLabel = "PX", defaultValue = "256",
            description = "image size in pixels for the DiT presets (latent = size / 8; default ${DEFAULT-VALUE})")
    private int imageSize;

    @Option(names = "--warmup", paramLabel = "K", defaultValue = "2", description = "untimed iterations per phase "
            + "(default ${DEFAULT-VALUE})")
    private int warmup;

    @Option(names = "--reps", paramLabel = "K", defaultValue = "5", description = "timed iterations per phase "
            + "(default ${DEFAULT-VALUE})")
    private int reps;

    @Option(names = "--phases", paramLabel = "LIST", split = ",", defaultValue = "forward,sample,train",
            description = "which of forward, sample, train to run (default ${DEFAULT-VALUE}); with --model sd-vae: "
                    + "decode, encode (default both)")
    private List<String> phases;

    @Option(names = "--sample-steps", paramLabel = "K", defaultValue = "250",
            description = "DDPM chain length; the full run is projected from the median step (default ${DEFAULT-VALUE})")
    private int sampleSteps;

    @Option(names = "--cfg-scale", paramLabel = "S", defaultValue = "4.0",
            description = "guidance scale of the sampling step (default ${DEFAULT-VALUE})")
    private double cfgScale;

    @Option(names = "--seed", defaultValue = "0", description = "seed of weights and inputs (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--threads", defaultValue = "0", description = "ND4J/OpenMP/BLAS threads (default: one per "
            + "core); run with OMP_WAIT_POLICY=PASSIVE on a shared machine")
    private int threads;

    @Option(names = "--profile", description = "also run one untimed iteration of each phase with a per-op "
            + "profiler and print where the time goes")
    private boolean profile;

    @Option(names = "--json", description = "machine-readable output")
    private boolean json;

    @Override
    public Integer call() {
        if (VAE.equalsIgnoreCase(model.trim())) {
            return callVae();
        }
        Set<BenchSpec.Phase> chosen = EnumSet.noneOf(BenchSpec.Phase.class);
        phases.forEach(p -> chosen.add(Flags.parse(spec, "--phases", () -> BenchSpec.Phase.parse(p.trim()))));
        BenchSpec bench = BenchPresets.spec(model, imageSize / 8, batch, warmup, reps, sampleSteps, cfgScale, chosen,
                seed, threads, profile);
        BenchReport report = DiTBench.run(bench);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.json() + System.lineSeparator() : report.table());
        out.flush();
        return 0;
    }

    /** {@code --model sd-vae}: the full-width SD-VAE decoder and encoder (the convolution path). */
    private int callVae() {
        Set<VaeBenchSpec.Phase> chosen = EnumSet.noneOf(VaeBenchSpec.Phase.class);
        List<String> wanted = phases.equals(DIT_PHASES) ? List.of("decode", "encode") : phases;
        wanted.forEach(p -> chosen.add(Flags.parse(spec, "--phases", () -> VaeBenchSpec.Phase.parse(p))));
        VaeBenchSpec bench = Flags.parse(spec, "--model sd-vae", () -> new VaeBenchSpec(batch == null ? 1 : batch,
                imageSize, warmup, reps, chosen, seed, threads, profile));
        VaeBenchReport report = VaeBench.run(bench);
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? report.json() + System.lineSeparator() : report.table());
        out.flush();
        return 0;
    }
}
