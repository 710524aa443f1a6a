package org.ditjava.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Batching, determinism, flips, resumption. */
class ImageLoaderTest {
    private static final int SIZE = 16;

    @TempDir
    Path tmp;
    private ImageFolder folder;

    @BeforeEach
    void makeDataset() {
        folder = ImageFolder.scan(TestImages.tree(tmp.resolve("data"), 7, "cat", "dog", "eel"), BadInputPolicy.FAIL);
    }

    private static LoaderConfig config(long seed, int threads) {
        return new LoaderConfig(SIZE, 4, seed, true, true, false, threads, 8);
    }

    /** A batch as comparable values: files, flips, labels and every float. */
    private record Snapshot(List<Path> files, List<Boolean> flips, List<Long> labels, List<Float> pixels, Cursor next) {
        static Snapshot of(ImageBatch b) {
            List<Boolean> flips = new ArrayList<>();
            for (boolean f : b.flipped()) {
                flips.add(f);
            }
            List<Float> px = new ArrayList<>();
            for (float v : b.images().data().asFloat()) {
                px.add(v);
            }
            List<Long> labels = new ArrayList<>();
            for (long l : b.labels().toLongVector()) {
                labels.add(l);
            }
            return new Snapshot(b.files(), flips, labels, px, b.next());
        }
    }

    private List<Snapshot> epoch(ImageFolder f, LoaderConfig config, Cursor from) {
        List<Snapshot> out = new ArrayList<>();
        try (ImageLoader loader = ImageLoader.open(f, config, from)) {
            loader.forEachRemaining(b -> out.add(Snapshot.of(b)));
        }
        return out;
    }

    @Test
    void batchesAreNchwInMinusOneToOneWithLabels() {
        List<Snapshot> all = epoch(folder, config(1, 2), Cursor.start());
        assertEquals(6, all.size());                      // 21 images in batches of 4: five full and one of 1
        assertEquals(1, all.get(5).files().size());
        try (ImageLoader loader = ImageLoader.open(folder, config(1, 2))) {
            INDArray x = loader.next().images();
            assertArrayEquals(new long[] {4, 3, SIZE, SIZE}, x.shape());
            assertTrue(x.minNumber().floatValue() >= -1f && x.maxNumber().floatValue() <= 1f);
        }
        Set<Path> seen = new HashSet<>();
        all.forEach(s -> seen.addAll(s.files()));
        assertEquals(21, seen.size(), "every image exactly once per epoch");
        for (Snapshot s : all) {
            for (int i = 0; i < s.files().size(); i++) {
                String cls = s.files().get(i).getParent().getFileName().toString();
                assertEquals(folder.classes().indexOf(cls), s.labels().get(i).intValue());
            }
        }
    }

    @Test
    void sameSeedGivesIdenticalBatchesWhateverTheThreadsAndAnotherSeedDiffers() {
        List<Snapshot> a = epoch(folder, config(42, 1), Cursor.start());
        List<Snapshot> b = epoch(folder, config(42, 2), Cursor.start());
        assertEquals(a, b);
        List<Snapshot> c = epoch(folder, config(43, 2), Cursor.start());
        assertNotEquals(a.stream().map(Snapshot::files).toList(), c.stream().map(Snapshot::files).toList());
        List<Snapshot> nextEpoch = epoch(folder, config(42, 2), new Cursor(1, 0));
        assertNotEquals(a.stream().map(Snapshot::files).toList(), nextEpoch.stream().map(Snapshot::files).toList());
    }

    @Test
    void resumingFromABatchCursorYieldsTheRemainingBatches() {
        List<Snapshot> full = epoch(folder, config(7, 2), new Cursor(3, 0));
        for (int k : new int[] {1, 3}) {
            List<Snapshot> rest = epoch(folder, config(7, 2), full.get(k - 1).next());
            assertEquals(full.subList(k, full.size()), rest, "resume after batch " + k);
        }
        assertTrue(epoch(folder, config(7, 2), full.get(full.size() - 1).next()).isEmpty());
    }

    @Test
    void resumingWorksWhenBadFilesAreSkipped() throws IOException {
        Path root = TestImages.tree(tmp.resolve("skip"), 6, "a", "b");
        Files.writeString(root.resolve("a/bad1.png"), "not a png");
        TestImages.truncate(TestImages.jpeg(root.resolve("b/bad2.jpg"), 40, 30, 3), 0.5);
        ImageFolder skipping = ImageFolder.scan(root, BadInputPolicy.SKIP);
        List<Snapshot> full = epoch(skipping, config(5, 2), Cursor.start());
        assertEquals(12, full.stream().mapToInt(s -> s.files().size()).sum());
        assertEquals(2, skipping.badInputs().count());
        for (int k = 1; k < full.size(); k++) {
            assertEquals(full.subList(k, full.size()), epoch(skipping, config(5, 1), full.get(k - 1).next()));
        }
    }

    @Test
    void aboutHalfTheImagesAreFlippedAndAFlipIsTheMirrorImage() {
        LoaderConfig flipping = config(9, 2);
        LoaderConfig plain = new LoaderConfig(SIZE, 4, 9, true, false, false, 2, 8);
        List<Snapshot> f = epoch(folder, flipping, Cursor.start());
        List<Snapshot> p = epoch(folder, plain, Cursor.start());
        int flipped = 0;
        for (int b = 0; b < f.size(); b++) {
            assertEquals(p.get(b).files(), f.get(b).files(), "flipping must not change the order");
            for (int i = 0; i < f.get(b).files().size(); i++) {
                boolean fl = f.get(b).flips().get(i);
                flipped += fl ? 1 : 0;
                assertEquals(fl ? mirror(p.get(b).pixels(), i) : image(p.get(b).pixels(), i), image(f.get(b).pixels(), i));
            }
        }
        assertTrue(flipped >= 5 && flipped <= 16, flipped + " of 21 flipped");
        int manySeeds = 0;
        for (int i = 0; i < 10_000; i++) {
            manySeeds += SeededOrder.flip(i, 0, 5) ? 1 : 0;
        }
        assertTrue(Math.abs(manySeeds - 5000) < 250, manySeeds + " of 10000");
    }

    @Test
    void dropLastDropsTheShortFinalBatch() {
        LoaderConfig drop = new LoaderConfig(SIZE, 4, 1, true, false, true, 2, 8);
        List<Snapshot> all = epoch(folder, drop, Cursor.start());
        assertEquals(5, all.size());
        all.forEach(s -> assertEquals(4, s.files().size()));
        LoaderConfig smallQueue = new LoaderConfig(SIZE, 8, 1, true, false, true, 2, 2);   // prefetch < batch
        assertEquals(2, epoch(folder, smallQueue, Cursor.start()).size());
    }

    @Test
    void invalidConfigurationAndCursorsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new LoaderConfig(0, 4, 1, true, true, true, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new LoaderConfig(16, 4, 1, true, true, true, 4, 2));
        assertThrows(IllegalArgumentException.class, () -> new Cursor(0, -1));
        IllegalArgumentException past = assertThrows(IllegalArgumentException.class,
                () -> ImageLoader.open(folder, config(1, 1), new Cursor(0, 22)));
        assertTrue(past.getMessage().contains("22"), past.getMessage());
    }

    private static List<Float> image(List<Float> batch, int i) {
        int per = 3 * SIZE * SIZE;
        return batch.subList(i * per, (i + 1) * per);
    }

    private static List<Float> mirror(List<Float> batch, int i) {
        List<Float> img = image(batch, i);
        List<Float> out = new ArrayList<>(img);
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < SIZE; y++) {
                for (int x = 0; x < SIZE; x++) {
                    out.set((c * SIZE + y) * SIZE + x, img.get((c * SIZE + y) * SIZE + SIZE - 1 - x));
                }
            }
        }
        return out;
    }
}
