package org.ditjava.eval;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.ditjava.eval.features.FeatureNetwork;
import org.ditjava.eval.input.ImageSource;
import org.ditjava.eval.input.ImageSources;
import org.ditjava.io.NpzReader;
import org.ditjava.io.NpzWriter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reference features and statistics, cached beside the reference file as
 * {@code <reference>.<network id>.dit-eval.npz} (written atomically: a temporary file renamed into
 * place) so that a reference batch goes through the network once per network. The cache holds
 * {@code pool} (N, D), {@code mu}/{@code sigma}, {@code mu_s}/{@code sigma_s} and {@code meta}
 * (UTF-8 JSON: the reference's size and modification time and the network id); it is recomputed
 * when any of those changed. A reference {@code .npz} that carries precomputed {@code mu},
 * {@code sigma}, {@code mu_s}, {@code sigma_s} (ADM's reference batches do) has those used for
 * FID / sFID, exactly as {@code Evaluator.read_statistics} in guided-diffusion's
 * {@code evaluations/evaluator.py}.
 */
public final class ReferenceCache {
    private static final String META = "meta";
    private static final String POOL = "pool";

    private ReferenceCache() {
    }

    /** The cache file for {@code reference} and a network id. */
    public static Path cacheFile(Path reference, String networkId) {
        Path abs = reference.toAbsolutePath();
        String id = networkId.replaceAll("[^A-Za-z0-9._-]", "_");
        return abs.resolveSibling(abs.getFileName() + "." + id + ".dit-eval.npz");
    }

    /** The reference's features: from the cache when it is current, else computed (and cached when asked). */
    public static ReferenceFeatures load(Path reference, FeatureNetwork network, FeatureExtractor extractor,
                                         EvalSettings settings, Consumer<String> log) throws IOException {
        boolean useCache = settings.useCache();
        Path cache = cacheFile(reference, network.id());
        String fingerprint = useCache ? fingerprint(reference, network.id()) : null; // walks a reference folder
        ReferenceFeatures features = useCache ? readCache(cache, fingerprint, log) : null;
        if (features == null) {
            ExtractedFeatures x;
            try (ImageSource src = ImageSources.open(reference)) {
                x = extractor.run(src, false);
            }
            features = new ReferenceFeatures(x.pool(), x.poolStats(), x.spatialStats());
            if (useCache) {
                writeCache(cache, fingerprint, features, log);
            }
        }
        return settings.refStatistics() == ReferenceStatistics.FILE ? withPrecomputedStatistics(reference, features, log) : features;
    }

    private static ReferenceFeatures readCache(Path cache, String fingerprint, Consumer<String> log) {
        if (!Files.isRegularFile(cache)) {
            return null;
        }
        try (NpzReader npz = NpzReader.open(cache)) {
            String meta = new String(HostBytes.of(npz.read(META)), StandardCharsets.UTF_8);
            if (!meta.equals(fingerprint)) {
                log.accept("reference cache " + cache + " is stale; recomputing");
                return null;
            }
            FidStatistics spatial = FidStatistics.presentIn(npz, FidStatistics.SPATIAL_KEYS) ? FidStatistics.read(npz, FidStatistics.SPATIAL_KEYS) : null;
            return new ReferenceFeatures(npz.read(POOL).castTo(DataType.FLOAT), FidStatistics.read(npz, FidStatistics.POOL_KEYS), spatial);
        } catch (IOException | RuntimeException e) {
            log.accept("ignoring unreadable reference cache " + cache + ": " + e.getMessage());
            return null;
        }
    }

    private static void writeCache(Path cache, String fingerprint, ReferenceFeatures f, Consumer<String> log) {
        try (NpzWriter w = NpzWriter.create(cache, NpzWriter.Compression.STORED)) {
            w.write(POOL, f.pool());
            f.poolStats().writeTo(w, FidStatistics.POOL_KEYS);
            if (f.spatialStats() != null) {
                f.spatialStats().writeTo(w, FidStatistics.SPATIAL_KEYS);
            }
            w.write(META, HostBytes.array(fingerprint.getBytes(StandardCharsets.UTF_8)));
            w.commit();
            log.accept("cached reference features in " + cache);
        } catch (IOException e) {
            log.accept("could not cache reference features (" + e.getMessage() + "); continuing without");
        }
    }

    private static ReferenceFeatures withPrecomputedStatistics(Path reference, ReferenceFeatures f, Consumer<String> log)
            throws IOException {
        if (Files.isDirectory(reference)) {
            return f;
        }
        try (NpzReader npz = NpzReader.open(reference)) {
            if (!FidStatistics.presentIn(npz, FidStatistics.POOL_KEYS)) {
                return f;
            }
            FidStatistics pool = FidStatistics.read(npz, FidStatistics.POOL_KEYS);
            FidStatistics spatial = FidStatistics.presentIn(npz, FidStatistics.SPATIAL_KEYS) ? FidStatistics.read(npz, FidStatistics.SPATIAL_KEYS) : f.spatialStats();
            log.accept("using the precomputed mu/sigma of " + reference + " for FID/sFID, as the suite does "
                    + "(they come from whatever network made the file; recompute them from the images to compare like with like)");
            return new ReferenceFeatures(f.pool(), pool, spatial);
        }
    }

    /** Size, modification time and network: a reference that changed invalidates its cache. */
    static String fingerprint(Path reference, String networkId) throws IOException {
        JsonObject o = new JsonObject();
        o.addProperty("network", networkId);
        if (Files.isDirectory(reference)) {
            try (Stream<Path> walk = Files.walk(reference)) {
                long[] sizeAndTime = walk.filter(Files::isRegularFile).map(ReferenceCache::sizeAndTime)
                        .reduce(new long[3], (a, b) -> new long[] {a[0] + b[0], Math.max(a[1], b[1]), a[2] + 1});
                o.addProperty("bytes", sizeAndTime[0]);
                o.addProperty("modified", sizeAndTime[1]);
                o.addProperty("files", sizeAndTime[2]);
            }
        } else {
            o.addProperty("bytes", Files.size(reference));
            o.addProperty("modified", Files.getLastModifiedTime(reference).toMillis());
        }
        return o.toString();
    }

    private static long[] sizeAndTime(Path p) {
        try {
            return new long[] {Files.size(p), Files.getLastModifiedTime(p).toMillis(), 1};
        } catch (IOException e) {
            return new long[] {0, 0, 1};
        }
    }

    /** UTF-8 text as a uint8 array and back. */
    static final class HostBytes {
        private HostBytes() {
        }

        static INDArray array(byte[] bytes) {
            INDArray a = Nd4j.createUninitialized(DataType.UBYTE, new long[] {bytes.length}, 'c');
            a.data().asNio().put(bytes);
            return a;
        }

        static byte[] of(INDArray a) {
            INDArray c = a.dup('c');
            byte[] out = new byte[(int) c.length()];
            c.data().asNio().get(out);
            return out;
        }
    }
}
