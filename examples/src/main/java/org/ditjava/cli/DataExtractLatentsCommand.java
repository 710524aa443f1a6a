package org.ditjava.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;
import org.ditjava.data.BadInputPolicy;
import org.ditjava.data.ExtractionConfig;
import org.ditjava.data.ExtractionProgress;
import org.ditjava.data.IdentityEncoder;
import org.ditjava.data.ImageFolder;
import org.ditjava.data.LatentEncoder;
import org.ditjava.data.LatentExtractor;
import org.ditjava.data.ShardManifest;
import org.ditjava.train.VaeCodec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dit data extract-latents ROOT --out DIR}: encode every image and its mirror into shards. */
@Command(name = "extract-latents", mixinStandardHelpOptions = true,
        description = "Center-crop every image of ROOT/<class>/<image>, encode it and its mirror image, and write "
                + "latent shards (shard-NNNNN.npz + manifest.json) to --out: Stable Diffusion VAE latents "
                + "(--encoder sd-vae --vae DIR, a posterior sample x 0.18215) or the pixels themselves (identity).")
final class DataExtractLatentsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ROOT", description = "dataset folder: ROOT/<class>/<image>")
    private Path root;

    @Option(names = "--out", paramLabel = "DIR", required = true,
            description = "output folder: empty, or an unfinished extraction to continue (same settings)")
    private Path out;

    @Option(names = "--image-size", paramLabel = "PX", defaultValue = "256", description = "crop size (default ${DEFAULT-VALUE})")
    private int imageSize;

    @Option(names = "--encoder", paramLabel = "NAME", defaultValue = "identity",
            description = "identity (pixel space, default) or sd-vae (needs --vae)")
    private String encoder;

    @Option(names = "--vae", paramLabel = "DIR", description = "VAE folder, diffusers (config.json + *.safetensors) or ONNX (--encoder sd-vae)")
    private Path vae;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "images per encoder call (default ${DEFAULT-VALUE})")
    private int batchSize;

    @Option(names = "--threads", paramLabel = "N", description = "decoding threads (default: one per core)")
    private Integer threads;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0",
            description = "order of the images in the shards and the VAE's posterior draws (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--shard-mb", paramLabel = "MB", defaultValue = "256", description = "shard size bound in MiB (default ${DEFAULT-VALUE})")
    private long shardMb;

    @Option(names = "--policy", paramLabel = "fail|skip", defaultValue = "fail",
            description = "fail: stop at the first bad file (default); skip: leave bad files out and report them")
    private String policy;

    @Override
    public Integer call() throws IOException {
        BadInputPolicy badPolicy = Flags.parse(spec, "--policy", () -> BadInputPolicy.parse(policy));
        OutputChecks.requireOutside(spec, "--out", out, root, "the dataset folder");
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        ExtractionConfig config;
        try {
            config = new ExtractionConfig(imageSize, batchSize, nThreads, seed, shardMb << 20);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        LatentEncoder enc = encoder();
        PrintWriter pw = spec.commandLine().getOut();
        ImageFolder folder = ImageFolder.scan(root, badPolicy);
        pw.printf(Locale.ROOT, "%s: %d classes, %,d images -> %s (encoder %s)%n", root, folder.classes().size(),
                folder.size(), out, enc.name());
        java.util.Optional<ExtractionProgress> earlier = ExtractionProgress.read(out);
        earlier.ifPresent(p -> pw.printf(Locale.ROOT, "continuing the unfinished extraction in %s: %,d samples in %d shard(s) done%n",
                out, p.count(), p.shards().size()));
        pw.flush();
        long started = System.nanoTime();
        long before = earlier.map(ExtractionProgress::count).orElse(0L);
        ShardManifest m = LatentExtractor.extract(folder, enc, out, config, progress(folder.size(), before, started));
        double s = (System.nanoTime() - started) / 1e9;
        pw.printf(Locale.ROOT, "wrote %,d samples (plain + mirrored) in %d shard(s), latent shape %s, %.1f s (%.1f images/s)%n",
                m.count(), m.shards().size(), java.util.Arrays.toString(m.latentShape()), s, (m.count() - before) / Math.max(s, 1e-9));
        pw.printf("%s%n", folder.badInputs().summary());
        folder.badInputs().entries().forEach(b -> pw.printf("  %s%n", b.getMessage()));
        pw.flush();
        return 0;
    }

    /** A line on stderr at most every 5 s: images done, rate and time left. */
    private LongConsumer progress(long total, long before, long started) {
        PrintWriter err = spec.commandLine().getErr();
        long[] lastPrint = {started};
        return done -> {
            long now = System.nanoTime();
            if (now - lastPrint[0] < 5_000_000_000L && done < total) {
                return;
            }
            lastPrint[0] = now;
            double rate = (done - before) / Math.max((now - started) / 1e9, 1e-9);
            err.printf(Locale.ROOT, "  %,d / %,d images, %.1f images/s, %.0f s left%n", done, total, rate,
                    (total - done) / Math.max(rate, 1e-9));
            err.flush();
        };
    }

    private LatentEncoder encoder() throws IOException {
        switch (encoder) {
            case "identity":
                if (vae != null) {
                    throw new ParameterException(spec.commandLine(), "--vae is only used with --encoder sd-vae");
                }
                return new IdentityEncoder();
            case "sd-vae":
                if (vae == null) {
                    throw new ParameterException(spec.commandLine(), "--encoder sd-vae needs --vae DIR (a diffusers or ONNX VAE folder)");
                }
                LatentEncoder e = VaeCodec.load(vae).encoder(seed);
                Flags.parse(spec, "--image-size", () -> e.latentShape(imageSize));
                return e;
            default:
                throw new ParameterException(spec.commandLine(), "--encoder: '" + encoder + "' is not one of [identity, sd-vae]");
        }
    }
}
