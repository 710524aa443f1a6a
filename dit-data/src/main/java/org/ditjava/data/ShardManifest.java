package org.ditjava.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * The index of a directory of latent shards ({@code manifest.json}), written last so a directory
 * without one is an unfinished extraction.
 *
 * @param format      always {@value #FORMAT}
 * @param version     format version ({@value #VERSION})
 * @param encoder     the encoder's name
 * @param imageSize   side of the images that were encoded
 * @param latentShape per-sample latent shape (C, h, w)
 * @param classes     class names; labels index them
 * @param count       samples over all shards
 * @param shards      the shard files in write order
 */
public record ShardManifest(String format, int version, String encoder, int imageSize, long[] latentShape,
                            List<String> classes, long count, List<Shard> shards) {
    public static final String FORMAT = "dit-latent-shards";
    public static final int VERSION = 1;
    public static final String FILE_NAME = "manifest.json";

    /** One shard file (relative name) and how many samples it holds. */
    public record Shard(String file, int count) {
    }

    public ShardManifest {
        classes = List.copyOf(classes);
        shards = List.copyOf(shards);
        latentShape = latentShape.clone();
        if (shards.stream().mapToLong(Shard::count).sum() != count) {
            throw new IllegalArgumentException("manifest count " + count + " does not match its shards " + shards);
        }
    }

    @Override
    public long[] latentShape() {
        return latentShape.clone();
    }

    /** Floats per sample of one latent array. */
    public long latentSize() {
        return Arrays.stream(latentShape).reduce(1, (a, b) -> a * b);
    }

    /** Reads {@code dir/manifest.json}; a clear error when it is missing or not a manifest. */
    public static ShardManifest read(Path dir) throws IOException {
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            throw new IOException(dir + ": no " + FILE_NAME + " (not a latent shard directory, or its extraction never finished)");
        }
        ShardManifest m = JsonFiles.read(file, ShardManifest.class, "shard manifest");
        if (!FORMAT.equals(m.format) || m.version != VERSION) {
            throw new IOException(file + ": not a " + FORMAT + " v" + VERSION + " manifest");
        }
        return new ShardManifest(m.format, m.version, m.encoder, m.imageSize, m.latentShape, m.classes, m.count, m.shards);
    }

    /** Writes {@code dir/manifest.json} atomically. */
    public void write(Path dir) throws IOException {
        JsonFiles.write(dir.resolve(FILE_NAME), this);
    }
}
