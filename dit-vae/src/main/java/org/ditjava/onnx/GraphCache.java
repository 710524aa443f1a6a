package org.ditjava.onnx;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import org.ditjava.io.AtomicFile;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports an ONNX file once and keeps the result in SameDiff's own format beside it:
 * {@code NAME.onnx.samediff} plus {@code NAME.onnx.samediff.json}, which records the SHA-256 of the
 * source file and of the SameDiff file, the {@link OnnxImporter#MAPPING_VERSION} and the graph's
 * inputs and outputs. A later load whose source hash and mapping version match, and whose SameDiff
 * file still has its recorded hash, reads the SameDiff file and skips the import (a damaged cache
 * is reported and imported again); a
 * changed source (or mapping) is imported again and the cache rewritten. A cache that cannot be
 * read is reported and replaced; one that cannot be written (read-only directory) only costs the
 * re-import next time.
 */
public final class GraphCache {
    private static final Logger LOG = LoggerFactory.getLogger(GraphCache.class);
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();
    static final String GRAPH_SUFFIX = ".samediff";
    static final String META_SUFFIX = ".samediff.json";

    private GraphCache() {
    }

    /** What the sidecar file records. */
    record Meta(String sourceSha256, long sourceBytes, int mappingVersion, long graphBytes, String graphSha256,
                List<Spec> inputs, List<Spec> outputs) {
    }

    /** A {@link TensorSpec} as JSON. */
    record Spec(String name, String dataType, long[] shape) {
        static Spec of(TensorSpec t) {
            return new Spec(t.name(), t.dataType().name(), t.shape());
        }

        TensorSpec toSpec() {
            return new TensorSpec(name, DataType.valueOf(dataType), shape);
        }
    }

    /**
     * Loads {@code onnx} through the cache in its own directory, or, when that directory is not
     * writable, in {@code ~/.cache/dit-java/onnx/<hash prefix>/} ({@code $XDG_CACHE_HOME} if set).
     */
    public static OnnxGraph load(Path onnx) throws IOException {
        String sha = sha256(onnx);
        Path dir = onnx.toAbsolutePath().getParent();
        return load(onnx, Files.isWritable(dir) ? dir : userCacheDir(sha), sha);
    }

    /** {@code ~/.cache/dit-java/onnx/<hash prefix>/} ({@code $XDG_CACHE_HOME} if set) for a file of this SHA-256. */
    public static Path userCacheDir(String sha) {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("dit-java").resolve("onnx").resolve(sha.substring(0, 16));
    }

    /** Loads {@code onnx} through the cache in {@code cacheDir} (created if needed). */
    public static OnnxGraph load(Path onnx, Path cacheDir) throws IOException {
        return load(onnx, cacheDir, sha256(onnx));
    }

    /** {@link #load(Path, Path)} for a caller that already has the file's {@link #sha256}. */
    public static OnnxGraph load(Path onnx, Path cacheDir, String sha) throws IOException {
        Path graphFile = graphFile(onnx, cacheDir);
        Path metaFile = metaFile(onnx, cacheDir);
        Meta meta = readMeta(metaFile);
        if (meta != null && sha.equals(meta.sourceSha256()) && meta.mappingVersion() == OnnxImporter.MAPPING_VERSION
                && Files.isRegularFile(graphFile) && Files.size(graphFile) == meta.graphBytes()
                && graphIntact(graphFile, meta)) {
            try {
                SameDiff sd = SameDiffFiles.load(graphFile);
                return new OnnxGraph(sd, specs(meta.inputs()), specs(meta.outputs()), onnx.toString(), OnnxGraph.Origin.CACHED);
            } catch (IOException e) {
                LOG.warn("{}; importing {} again", e.getMessage(), onnx);
            }
        }
        OnnxGraph g = OnnxImporter.importFile(onnx);
        try {
            Files.createDirectories(cacheDir);
            SameDiffFiles.save(g.sameDiff(), graphFile);
            writeMeta(metaFile, new Meta(sha, Files.size(onnx), OnnxImporter.MAPPING_VERSION, Files.size(graphFile),
                    sha256(graphFile), g.inputs().stream().map(Spec::of).toList(), g.outputs().stream().map(Spec::of).toList()));
        } catch (IOException e) {
            LOG.warn("cannot cache the imported graph of {} in {} ({}); it will be imported again next time", onnx, cacheDir, e.getMessage());
        }
        return g;
    }

    /**
     * Whether the cached graph still has the SHA-256 recorded when it was written: a same-size
     * corruption (a flipped bit, a partly overwritten block) would otherwise load and compute
     * silently wrong values. A record without the hash (an older cache) counts as not intact.
     */
    private static boolean graphIntact(Path graphFile, Meta meta) throws IOException {
        String actual = sha256(graphFile);
        if (actual.equals(meta.graphSha256())) {
            return true;
        }
        LOG.warn("{}: {}; importing the ONNX file again", graphFile, meta.graphSha256() == null
                ? "the cache record has no SHA-256 of the graph (an older cache)"
                : "its SHA-256 is " + actual + " but the cache record says " + meta.graphSha256() + " (damaged)");
        return false;
    }

    /** The cached SameDiff file of {@code onnx} in {@code cacheDir}. */
    public static Path graphFile(Path onnx, Path cacheDir) {
        return cacheDir.resolve(onnx.getFileName() + GRAPH_SUFFIX);
    }

    /** The sidecar recording the source hash. */
    public static Path metaFile(Path onnx, Path cacheDir) {
        return cacheDir.resolve(onnx.getFileName() + META_SUFFIX);
    }

    private static List<TensorSpec> specs(List<Spec> s) {
        return s.stream().map(Spec::toSpec).toList();
    }

    private static Meta readMeta(Path file) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), Meta.class);
        } catch (IOException | JsonParseException e) {
            LOG.warn("{}: unreadable cache record ({}); importing again", file, e.getMessage());
            return null;
        }
    }

    private static void writeMeta(Path file, Meta meta) throws IOException {
        try (AtomicFile out = AtomicFile.create(file)) {
            Files.writeString(out.tempPath(), GSON.toJson(meta), StandardCharsets.UTF_8);
            out.commit();
        }
    }

    /** The SHA-256 of a file, hex. */
    public static String sha256(Path file) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buf = new byte[1 << 20];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
        } catch (NoSuchFileException e) {
            throw new OnnxImportException(file.toString(), "no such file", e);
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
