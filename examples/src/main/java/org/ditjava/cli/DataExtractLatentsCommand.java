package org.ditjava.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ditjava.data.BadInputPolicy;
import org.ditjava.data.ExtractionConfig;
import org.ditjava.data.IdentityEncoder;
import org.ditjava.data.ImageFolder;
import org.ditjava.data.LatentEncoder;
import org.ditjava.data.LatentExtractor;
import org.ditjava.data.ShardManifest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dit data extract-latents ROOT --out DIR}: encode every image and its mirror into shards. */
@Command(name = "extract-latents", mixinStandardHelpOptions = true,
        description = "Center-crop every image of ROOT/<class>/<image>, encode it and its mirror image, and write "
                + "latent shards (shard-NNNNN.npz + manifest.json) to --out. Until the VAE module exists the only "
                + "encoder is 'identity' (pixel-space latents).")
final class DataExtractLatentsCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ROOT", description = "dataset folder: ROOT/<class>/<image>")
    private Path root;

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "output folder (must hold no shards yet)")
    private Path out;

    @Option(names = "--image-size", paramLabel = "PX", defaultValue = "256", description = "crop size (default ${DEFAULT-VALUE})")
    private int imageSize;

    @Option(names = "--encoder", paramLabel = "NAME", defaultValue = "identity", description = "encoder (default ${DEFAULT-VALUE})")
    private String encoder;

    @Option(names = "--batch-size", paramLabel = "N", defaultValue = "32", description = "images per encoder call (default ${DEFAULT-VALUE})")
    private int batchSize;

    @Option(names = "--threads", paramLabel = "N", description = "decoding threads (default: one per core)")
    private Integer threads;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "0", description = "order of the images in the shards (default ${DEFAULT-VALUE})")
    private long seed;

    @Option(names = "--shard-mb", paramLabel = "MB", defaultValue = "256", description = "shard size bound in MiB (default ${DEFAULT-VALUE})")
    private long shardMb;

    @Option(names = "--policy", paramLabel = "fail|skip", defaultValue = "fail",
            description = "fail: stop at the first bad file (default); skip: leave bad files out and report them")
    private String policy;

    @Override
    public Integer call() throws IOException {
        BadInputPolicy badPolicy;
        try {
            badPolicy = BadInputPolicy.parse(policy);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--policy: " + e.getMessage());
        }
        LatentEncoder enc = encoder();
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        ExtractionConfig config;
        try {
            config = new ExtractionConfig(imageSize, batchSize, nThreads, seed, shardMb << 20);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter pw = spec.commandLine().getOut();
        ImageFolder folder = ImageFolder.scan(root, badPolicy);
        pw.printf(Locale.ROOT, "%s: %d classes, %,d images -> %s (encoder %s)%n", root, folder.classes().size(),
                folder.size(), out, enc.name());
        pw.flush();
        long started = System.nanoTime();
        ShardManifest m = LatentExtractor.extract(folder, enc, out, config, n -> { });
        double s = (System.nanoTime() - started) / 1e9;
        pw.printf(Locale.ROOT, "wrote %,d samples (plain + mirrored) in %d shard(s), latent shape %s, %.1f s (%.1f images/s)%n",
                m.count(), m.shards().size(), java.util.Arrays.toString(m.latentShape()), s, m.count() / Math.max(s, 1e-9));
        pw.printf("%s%n", folder.badInputs().summary());
        folder.badInputs().entries().forEach(b -> pw.printf("  %s%n", b.getMessage()));
        pw.flush();
        return 0;
    }

    private LatentEncoder encoder() {
        if (!"identity".equals(encoder)) {
            throw new ParameterException(spec.commandLine(), "--encoder: only 'identity' exists until the VAE module "
                    + "provides its encoder, got '" + encoder + "'");
        }
        return new IdentityEncoder();
    }
}
