package org.ditjava.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.ditjava.io.AtomicFile;

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
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

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
        ShardManifest m;
        try {
            m = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), ShardManifest.class);
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new IOException(file + ": not a valid shard manifest: " + e.getMessage(), e);
        }
        if (m == null || !FORMAT.equals(m.format) || m.version != VERSION) {
            throw new IOException(file + ": not a " + FORMAT + " v" + VERSION + " manifest");
        }
        return new ShardManifest(m.format, m.version, m.encoder, m.imageSize, m.latentShape, m.classes, m.count, m.shards);
    }

    /** Writes {@code dir/manifest.json} atomically. */
    public void write(Path dir) throws IOException {
        try (AtomicFile out = AtomicFile.create(dir.resolve(FILE_NAME))) {
            try (Writer w = Files.newBufferedWriter(out.tempPath(), StandardCharsets.UTF_8)) {
                GSON.toJson(this, w);
            }
            out.commit();
        }
    }
}
