package org.ditjava.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.ditjava.eval.EpsFallback;
import org.ditjava.eval.EvalResult;
import org.ditjava.eval.EvalSettings;
import org.ditjava.eval.Evaluation;
import org.ditjava.eval.FeatureFiles;
import org.ditjava.eval.InceptionScore;
import org.ditjava.eval.ManifoldEstimator;
import org.ditjava.eval.ReferenceStatistics;
import org.ditjava.eval.features.FeatureNetwork;
import org.ditjava.eval.features.FeatureNetworks;
import org.ditjava.io.AtomicFile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dit eval}: FID, sFID, Inception Score, precision and recall with the ADM suite's semantics (dit-eval). */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"FID, sFID, Inception Score, precision and recall, as OpenAI's ADM evaluation suite computes them.",
            "Images: dit eval --samples S.npz --ref R.npz [--feature-net pt_inception-2015-12-05-6726825d.pth|FILE.onnx|DIR]",
            "Features: dit eval --features A.npy --ref-features B.npy [--logits L.npy]"})
final class EvalCommand implements Callable<Integer> {
    /** Environment variable naming the default feature network (a .pth or .onnx file, or a folder). */
    static final String FEATURE_NET_ENV = "DIT_FEATURE_NET";

    @Spec
    private CommandSpec spec;

    @Option(names = "--samples", paramLabel = "S.npz|DIR", description = "Sample images: ADM-format .npz (arr_0 uint8 N x H x W x 3) or a folder.")
    private Path samples;

    @Option(names = "--ref", paramLabel = "R.npz|DIR", description = "Reference images (ADM reference batch or a folder); features are cached beside it.")
    private Path ref;

    @Option(names = "--feature-net", paramLabel = "FILE|DIR", description = "FID Inception: pytorch-fid's pt_inception-2015-12-05-6726825d.pth, "
            + "or an ONNX export (fid_inception.onnx or a folder holding it); default: $" + FEATURE_NET_ENV + ".")
    private Path featureNet;

    @Option(names = "--features", paramLabel = "A.npy", description = "Precomputed sample pool features (N x D float32).")
    private Path features;

    @Option(names = "--ref-features", paramLabel = "B.npy", description = "Precomputed reference pool features (M x D float32).")
    private Path refFeatures;

    @Option(names = "--logits", paramLabel = "L.npy", description = "Sample logits (N x classes) for the Inception Score (with --features).")
    private Path logits;

    @Option(names = "--spatial-features", paramLabel = "SA.npy", description = "Sample spatial features for sFID (with --features).")
    private Path spatial;

    @Option(names = "--ref-spatial-features", paramLabel = "SB.npy", description = "Reference spatial features for sFID (with --ref-features).")
    private Path refSpatial;

    @Option(names = "--json", description = "Print the result as JSON.")
    private boolean json;

    @Option(names = "--out", paramLabel = "FILE", description = "Also write the JSON result here (atomically), e.g. RUN/eval.json for `dit plot scaling`.")
    private Path out;

    @Option(names = "--model", paramLabel = "NAME", description = "Model name recorded in the result (e.g. DiT-XL/2).")
    private String model;

    @Option(names = "--gflops", paramLabel = "G", description = "The model's forward Gflops recorded in the result (for `dit plot scaling`).")
    private Double gflops;

    @Option(names = "--batch-size", defaultValue = "0", description = "Images per network call (0 = the network's default, 64).")
    private int batchSize;

    @Option(names = "--split-size", defaultValue = "" + InceptionScore.DEFAULT_SPLIT_SIZE, description = "Inception Score split size (default: ${DEFAULT-VALUE}).")
    private int splitSize;

    @Option(names = "--k", defaultValue = "" + ManifoldEstimator.DEFAULT_K, description = "Precision/recall neighbourhood size (default: ${DEFAULT-VALUE}).")
    private int k;

    @Option(names = "--pr-batch", defaultValue = "" + ManifoldEstimator.DEFAULT_BATCH, description = "Precision/recall distance block size; memory only (default: ${DEFAULT-VALUE}).")
    private int prBatch;

    @Option(names = "--eps-fallback", defaultValue = "suite", description = "When FID adds 1e-6*I: suite, non-finite or always (default: ${DEFAULT-VALUE}).")
    private String epsFallback;

    @Option(names = "--no-cache", description = "Neither read nor write the reference feature cache.")
    private boolean noCache;

    @Option(names = "--ref-stats", defaultValue = "file", description = "Reference FID statistics: file (the .npz's own mu/sigma when present, as the suite) "
            + "or images (recomputed with this feature network) (default: ${DEFAULT-VALUE}).")
    private String refStats;

    @Override
    public Integer call() throws IOException {
        EvalSettings settings = new EvalSettings(batchSize, splitSize, k, prBatch,
                Flags.parse(spec, "--eps-fallback", () -> EpsFallback.parse(epsFallback)), !noCache,
                Flags.parse(spec, "--ref-stats", () -> ReferenceStatistics.parse(refStats)));
        Object[][] inputs = {{"--samples", samples}, {"--ref", ref}, {"--feature-net", featureNet}, {"--features", features},
            {"--ref-features", refFeatures}, {"--logits", logits}, {"--spatial-features", spatial},
            {"--ref-spatial-features", refSpatial}};
        for (Object[] in : inputs) {   // every input and the output before any work (a run can take hours)
            if (in[1] != null && !Files.exists((Path) in[1])) {
                throw new ParameterException(spec.commandLine(), in[0] + ": " + in[1] + " does not exist");
            }
        }
        OutputChecks.require(spec, "--out", out, samples, "the samples", ref, "the reference images", features,
                "the features", refFeatures, "the reference features");
        EvalResult result = (features != null || refFeatures != null ? fromFeatures(settings) : fromImages(settings))
                .withModel(model, gflops);
        PrintWriter o = spec.commandLine().getOut();
        o.println(json ? result.toJson() : result.report());
        o.flush();
        if (out != null) {
            write(out, result.toJson());
        }
        return 0;
    }

    private EvalResult fromFeatures(EvalSettings settings) throws IOException {
        if (features == null || refFeatures == null || samples != null || ref != null) {
            throw new ParameterException(spec.commandLine(), "give --features and --ref-features together (and not --samples / --ref)");
        }
        return Evaluation.features(new FeatureFiles(features, logits, spatial), new FeatureFiles(refFeatures, null, refSpatial), settings);
    }

    private EvalResult fromImages(EvalSettings settings) throws IOException {
        if (samples == null || ref == null) {
            throw new ParameterException(spec.commandLine(), "give --samples and --ref (images), or --features and --ref-features");
        }
        Path net = featureNet != null ? featureNet : envFeatureNet();
        PrintWriter err = spec.commandLine().getErr();
        try (FeatureNetwork network = FeatureNetworks.load(net)) {
            return Evaluation.images(samples, ref, network, settings, line -> {
                err.println("dit eval: " + line);
                err.flush();
            });
        }
    }

    private Path envFeatureNet() {
        String env = System.getenv(FEATURE_NET_ENV);
        if (env == null || env.isBlank()) {
            throw new ParameterException(spec.commandLine(), "no feature network: pass --feature-net (pytorch-fid's "
                    + "pt_inception-2015-12-05-6726825d.pth, ~91 MB, from its GitHub releases) or set " + FEATURE_NET_ENV);
        }
        return Path.of(env);
    }

    private static void write(Path file, String text) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        if (dir != null) {
            Files.createDirectories(dir);
        }
        try (AtomicFile f = AtomicFile.create(file)) {
            Files.writeString(f.tempPath(), text + System.lineSeparator());
            f.commit();
        }
    }
}
