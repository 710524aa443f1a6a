package org.ditjava.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What an unfinished latent extraction has written ({@code extraction.json}, replaced atomically after
 * every completed shard and removed once {@code manifest.json} exists): the settings it ran with, the
 * shards done and the loader cursor after them, so {@link LatentExtractor} can continue where a crash
 * or Ctrl-C stopped it instead of encoding everything again.
 *
 * @param encoder     the encoder's name
 * @param imageSize   side of the encoded crops
 * @param latentShape per-sample latent shape
 * @param classes     the dataset's class names
 * @param images      images in the dataset when the extraction started (the seeded order depends on it)
 * @param seed        the order's seed
 * @param maxShardBytes the shard size bound
 * @param shards      completed shards, in order
 * @param count       samples in them
 * @param next        the loader cursor after the last completed shard
 */
public record ExtractionProgress(String encoder, int imageSize, long[] latentShape, List<String> classes, int images,
                                 long seed, long maxShardBytes, List<ShardManifest.Shard> shards, long count, Cursor next) {
    public static final String FILE_NAME = "extraction.json";

    public ExtractionProgress {
        latentShape = latentShape.clone();
        classes = List.copyOf(classes);
        shards = List.copyOf(shards);
    }

    @Override
    public long[] latentShape() {
        return latentShape.clone();
    }

    /** The settings of a fresh extraction, nothing done yet. */
    static ExtractionProgress start(String encoder, ExtractionConfig config, long[] latentShape, ImageFolder folder) {
        return new ExtractionProgress(encoder, config.imageSize(), latentShape, folder.classes(), folder.size(),
                config.seed(), config.maxShardBytes(), List.of(), 0, Cursor.start());
    }

    /** The same settings with {@code shards} done up to cursor {@code next}. */
    ExtractionProgress at(List<ShardManifest.Shard> done, long samples, Cursor after) {
        return new ExtractionProgress(encoder, imageSize, latentShape, classes, images, seed, maxShardBytes, done, samples, after);
    }

    /** Fails, naming every difference, unless {@code other} ran with these settings. */
    void requireSameSettings(ExtractionProgress other, Path dir) throws IOException {
        List<String> diff = new ArrayList<>();
        compare(diff, "encoder", encoder, other.encoder);
        compare(diff, "image size", imageSize, other.imageSize);
        compare(diff, "latent shape", Arrays.toString(latentShape), Arrays.toString(other.latentShape));
        compare(diff, "classes", classes.size() + " classes", other.classes.size() + " classes");
        compare(diff, "images", images, other.images);
        compare(diff, "seed", seed, other.seed);
        compare(diff, "shard bound", maxShardBytes, other.maxShardBytes);
        if (diff.isEmpty() && !classes.equals(other.classes)) {
            diff.add("class names differ");
        }
        if (!diff.isEmpty()) {
            throw new IOException(dir + " holds an unfinished extraction with other settings (" + String.join("; ", diff)
                    + "); rerun with its settings to continue it, or choose an empty --out");
        }
    }

    private static void compare(List<String> diff, String what, Object stored, Object now) {
        if (!stored.equals(now)) {
            diff.add(what + " " + stored + " then, " + now + " now");
        }
    }

    /** {@code dir/extraction.json}, if an extraction stopped there before finishing. */
    public static Optional<ExtractionProgress> read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        ExtractionProgress p = JsonFiles.read(file, ExtractionProgress.class, "extraction progress file");
        if (p.encoder == null || p.shards == null || p.next == null || p.latentShape == null || p.classes == null) {
            throw new IOException(file + ": not a valid extraction progress file (fields missing)");
        }
        return Optional.of(new ExtractionProgress(p.encoder, p.imageSize, p.latentShape, p.classes, p.images, p.seed,
                p.maxShardBytes, p.shards, p.count, p.next));
    }

    /** Replaces {@code dir/extraction.json} atomically. */
    void write(Path dir) throws IOException {
        JsonFiles.write(dir.resolve(FILE_NAME), this);
    }
}
