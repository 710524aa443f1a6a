package org.ditjava.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.ditjava.data.LatentShardReader.LatentBatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Latent shards: write → read round trips, bounded shard size, seeded order, flips, resume, extraction. */
class LatentShardTest {
    private static final long[] SHAPE = {2, 3, 3};
    private static final int PER = 18;

    @TempDir
    Path tmp;

    /** Sample i: plain latent filled with i + k/100, mirrored latent with −(i + k/100), label i % 5. */
    private ShardManifest writeSamples(Path dir, int n, long maxShardBytes, int batch) throws IOException {
        try (LatentShardWriter w = LatentShardWriter.create(dir, "test", 6, SHAPE, List.of("a", "b", "c", "d", "e"), maxShardBytes)) {
            for (int start = 0; start < n; start += batch) {
                int k = Math.min(batch, n - start);
                float[] plain = new float[k * PER];
                long[] labels = new long[k];
                for (int i = 0; i < k; i++) {
                    for (int j = 0; j < PER; j++) {
                        plain[i * PER + j] = start + i + j / 100f;
                    }
                    labels[i] = (start + i) % 5;
                }
                INDArray p = Nd4j.create(plain, new long[] {k, 2, 3, 3}, 'c');
                w.add(p, p.neg(), Nd4j.createFromArray(labels));
            }
            return w.finish();
        }
    }

    private static int sampleId(INDArray latents, int i) {
        return Math.round(Math.abs(latents.getFloat((long) i * PER)));
    }

    private static List<Integer> epochIds(LatentShardReader r, long seed, Cursor from, int batch, boolean flip) {
        List<Integer> ids = new ArrayList<>();
        Iterator<LatentBatch> it = r.batches(seed, from, batch, flip);
        while (it.hasNext()) {
            LatentBatch b = it.next();
            for (int i = 0; i < b.labels().length(); i++) {
                ids.add(sampleId(b.latents(), i));
            }
        }
        return ids;
    }

    @Test
    void roundTripAcrossShardsOfBoundedSize() throws IOException {
        long perSample = 2L * PER * 4 + 8;
        long bound = 4 * perSample + 10;                      // four samples per shard
        ShardManifest m = writeSamples(tmp.resolve("s"), 11, bound, 3);
        assertEquals(List.of(4, 4, 3), m.shards().stream().map(ShardManifest.Shard::count).toList());
        assertEquals(11, m.count());
        for (ShardManifest.Shard s : m.shards()) {
            assertTrue(Files.size(tmp.resolve("s").resolve(s.file())) < bound + 1024, "shard file size");
        }
        LatentShardReader r = LatentShardReader.open(tmp.resolve("s"));
        assertEquals(m.shards(), r.manifest().shards());
        assertArrayEquals(SHAPE, r.manifest().latentShape());
        Map<Integer, Integer> seen = new HashMap<>();
        Iterator<LatentBatch> it = r.batches(1, Cursor.start(), 5, false);
        while (it.hasNext()) {
            LatentBatch b = it.next();
            assertEquals(4, b.latents().rank());
            for (int i = 0; i < b.labels().length(); i++) {
                int id = sampleId(b.latents(), i);
                assertEquals(id % 5, b.labels().getLong(i));
                for (int j = 0; j < PER; j++) {
                    assertEquals(id + j / 100f, b.latents().getFloat((long) i * PER + j), "sample " + id + " value " + j);
                }
                seen.merge(id, 1, Integer::sum);
            }
        }
        assertEquals(11, seen.size());
        assertTrue(seen.values().stream().allMatch(c -> c == 1), "each sample once per epoch");
    }

    @Test
    void orderIsSeededShuffledAndResumable() throws IOException {
        writeSamples(tmp.resolve("s"), 23, 5L * (2L * PER * 4 + 8), 7);
        LatentShardReader r = LatentShardReader.open(tmp.resolve("s"));
        List<Integer> a = epochIds(r, 11, Cursor.start(), 4, false);
        assertEquals(a, epochIds(r, 11, Cursor.start(), 4, false));
        assertNotEquals(a, epochIds(r, 12, Cursor.start(), 4, false));
        assertNotEquals(a, epochIds(r, 11, new Cursor(1, 0), 4, false));
        assertEquals(23, new HashSet<>(a).size());
        List<Integer> sorted = new ArrayList<>(a);
        sorted.sort(null);
        assertNotEquals(sorted, a, "shuffled");
        for (int pos : new int[] {1, 4, 5, 13, 22, 23}) {
            assertEquals(a.subList(pos, a.size()), epochIds(r, 11, new Cursor(0, pos), 4, false), "resume at " + pos);
        }
    }

    @Test
    void randomFlipPicksTheMirroredLatentAboutHalfTheTime() throws IOException {
        writeSamples(tmp.resolve("s"), 200, 1 << 20, 50);
        LatentShardReader r = LatentShardReader.open(tmp.resolve("s"));
        int flipped = 0;
        Iterator<LatentBatch> it = r.batches(3, Cursor.start(), 64, true);
        while (it.hasNext()) {
            LatentBatch b = it.next();
            boolean[] f = b.flipped();
            for (int i = 0; i < f.length; i++) {
                assertEquals(f[i], b.latents().getFloat((long) i * PER + 1) < 0, "flipped latent is the mirrored one");
                flipped += f[i] ? 1 : 0;
            }
        }
        assertTrue(flipped > 70 && flipped < 130, flipped + " of 200");
    }

    @Test
    void extractionWithTheIdentityEncoderStoresTheImagesAndTheirMirrors() throws IOException {
        Path root = TestImages.tree(tmp.resolve("img"), 5, "p", "q");
        ImageFolder folder = ImageFolder.scan(root, BadInputPolicy.FAIL);
        ExtractionConfig cfg = new ExtractionConfig(8, 3, 2, 7, 4L * (2 * 3 * 64 * 4 + 8));
        List<Long> progress = new ArrayList<>();
        ShardManifest m = LatentExtractor.extract(folder, new IdentityEncoder(), tmp.resolve("lat"), cfg, progress::add);
        assertEquals(10, m.count());
        assertEquals(List.of(4, 4, 2), m.shards().stream().map(ShardManifest.Shard::count).toList());
        assertEquals(10L, progress.get(progress.size() - 1));
        assertEquals("identity", m.encoder());
        Set<List<Float>> images = new HashSet<>();
        Set<List<Float>> mirrors = new HashSet<>();
        try (ImageLoader loader = ImageLoader.open(folder, LoaderConfig.inOrder(8, 10))) {
            INDArray x = loader.next().images();
            for (int i = 0; i < 10; i++) {
                images.add(floats(x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i))));
                mirrors.add(floats(reversedLastAxis(x.get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)))));
            }
            assertEquals(reversedLastAxis(x.castTo(DataType.FLOAT)), LatentExtractor.mirror(x));
        }
        LatentShardReader r = LatentShardReader.open(tmp.resolve("lat"));
        Iterator<LatentBatch> it = r.batches(0, Cursor.start(), 10, true);
        LatentBatch b = it.next();
        assertFalse(it.hasNext());
        for (int i = 0; i < 10; i++) {
            List<Float> v = floats(b.latents().get(org.nd4j.linalg.indexing.NDArrayIndex.point(i)));
            assertTrue((b.flipped()[i] ? mirrors : images).contains(v), "sample " + i + " flipped=" + b.flipped()[i]);
        }
    }

    /** The expected mirror, built index by index: out[..., x] = a[..., W - 1 - x] (not with the code under test). */
    private static INDArray reversedLastAxis(INDArray a) {
        INDArray out = a.castTo(DataType.FLOAT).dup('c');
        long[] shape = a.shape();
        long w = shape[shape.length - 1];
        long rows = a.length() / w;
        INDArray src = a.castTo(DataType.FLOAT).reshape('c', rows, w);
        INDArray dst = out.reshape('c', rows, w);
        for (long r = 0; r < rows; r++) {
            for (long x = 0; x < w; x++) {
                dst.putScalar(r, x, src.getFloat(r, w - 1 - x));
            }
        }
        return dst.reshape('c', shape);
    }

    @Test
    void badDirectoriesAndShapesFailClearly() throws IOException {
        IOException none = assertThrows(IOException.class, () -> LatentShardReader.open(tmp));
        assertTrue(none.getMessage().contains("manifest.json"), none.getMessage());
        writeSamples(tmp.resolve("s"), 3, 1 << 20, 3);
        IOException clash = assertThrows(IOException.class,
                () -> LatentShardWriter.create(tmp.resolve("s"), "x", 6, SHAPE, List.of(), 1 << 20));
        assertTrue(clash.getMessage().contains("already holds latent shards"), clash.getMessage());
        try (LatentShardWriter w = LatentShardWriter.create(tmp.resolve("t"), "x", 6, SHAPE, List.of("a"), 1 << 20)) {
            IllegalArgumentException shape = assertThrows(IllegalArgumentException.class,
                    () -> w.add(Nd4j.zeros(1, 2, 3, 4), Nd4j.zeros(1, 2, 3, 4), Nd4j.zeros(1)));
            assertTrue(shape.getMessage().contains("[1, 2, 3, 3]"), shape.getMessage());
        }
        Files.delete(tmp.resolve("s").resolve("shard-00000.npz"));
        IOException missing = assertThrows(IOException.class, () -> LatentShardReader.open(tmp.resolve("s")));
        assertTrue(missing.getMessage().contains("shard-00000.npz"), missing.getMessage());
    }

    private static List<Float> floats(INDArray a) {
        List<Float> out = new ArrayList<>();
        for (float v : a.dup('c').data().asFloat()) {
            out.add(v);
        }
        return out;
    }
}
