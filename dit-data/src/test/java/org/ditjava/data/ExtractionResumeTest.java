package org.ditjava.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An extraction stopped part-way (an exception from the progress callback standing in for a crash) continues from
 * its last completed shard when run again, and ends byte-identical to an uninterrupted one; a finished
 * directory, other settings and stray shards are handled.
 */
class ExtractionResumeTest {
    /** 4 samples of 3 × 8 × 8 (both flips, float32) and a label per shard, cut into batches of 3. */
    private static final ExtractionConfig CONFIG = new ExtractionConfig(8, 3, 2, 7, 4L * (2 * 3 * 64 * 4 + 8));

    @TempDir
    Path tmp;

    private ImageFolder folder;

    @BeforeEach
    void images() throws IOException {
        folder = ImageFolder.scan(TestImages.tree(tmp.resolve("img"), 5, "p", "q"), BadInputPolicy.FAIL);
    }

    /** Stops the extraction (as a crash would) once {@code n} images are done. */
    private static java.util.function.LongConsumer killedAt(long n) {
        return done -> {
            if (done >= n) {
                throw new IllegalStateException("killed");
            }
        };
    }

    private ShardManifest extract(Path out, LatentEncoder enc, ExtractionConfig c) throws IOException {
        return LatentExtractor.extract(folder, enc, out, c, n -> { });
    }

    private static void assertSameFiles(Path expected, Path actual) throws IOException {
        List<Path> names;
        try (Stream<Path> s = Files.list(expected)) {
            names = s.map(Path::getFileName).sorted().toList();
        }
        try (Stream<Path> s = Files.list(actual)) {
            assertEquals(names, s.map(Path::getFileName).sorted().toList());
        }
        for (Path n : names) {
            assertArrayEquals(Files.readAllBytes(expected.resolve(n)), Files.readAllBytes(actual.resolve(n)), n.toString());
        }
    }

    @Test
    void anInterruptedExtractionContinuesToTheSameBytes() throws IOException {
        Path whole = tmp.resolve("whole");
        assertEquals(List.of(4, 4, 2), extract(whole, new IdentityEncoder(), CONFIG).shards().stream()
                .map(ShardManifest.Shard::count).toList());

        Path cut = tmp.resolve("cut");
        assertThrows(IllegalStateException.class, () -> LatentExtractor.extract(folder, new IdentityEncoder(), cut, CONFIG,
                killedAt(7)));   // in shard 1
        ExtractionProgress p = ExtractionProgress.read(cut).orElseThrow();
        assertEquals(List.of("shard-00000.npz"), p.shards().stream().map(ShardManifest.Shard::file).toList());
        assertEquals(4, p.count());
        assertFalse(Files.exists(cut.resolve(ShardManifest.FILE_NAME)));

        List<Long> progress = new java.util.ArrayList<>();
        LatentExtractor.extract(folder, new IdentityEncoder(), cut, CONFIG, progress::add);
        assertEquals(7L, progress.get(0), "counting on from the 4 samples already written");
        assertSameFiles(whole, cut);
    }

    @Test
    void aShardWrittenAfterTheLastRecordIsRedone() throws IOException {
        Path whole = tmp.resolve("whole");
        extract(whole, new IdentityEncoder(), CONFIG);
        Path cut = tmp.resolve("cut");
        assertThrows(IllegalStateException.class, () -> LatentExtractor.extract(folder, new IdentityEncoder(), cut, CONFIG, killedAt(7)));
        Files.write(cut.resolve("shard-00001.npz"), new byte[] {1, 2, 3});   // committed, but not yet recorded
        extract(cut, new IdentityEncoder(), CONFIG);
        assertSameFiles(whole, cut);
    }

    @Test
    void otherSettingsAFinishedDirectoryAndUnrecordedShardsAreRefused() throws IOException {
        Path cut = tmp.resolve("cut");
        assertThrows(IllegalStateException.class, () -> LatentExtractor.extract(folder, new IdentityEncoder(), cut, CONFIG, killedAt(7)));
        ExtractionConfig otherSeed = new ExtractionConfig(8, 3, 2, 8, CONFIG.maxShardBytes());
        IOException seed = assertThrows(IOException.class, () -> extract(cut, new IdentityEncoder(), otherSeed));
        assertTrue(seed.getMessage().contains("unfinished extraction with other settings (seed 7 then, 8 now)"), seed.getMessage());

        extract(cut, new IdentityEncoder(), CONFIG);
        IOException done = assertThrows(IOException.class, () -> extract(cut, new IdentityEncoder(), CONFIG));
        assertTrue(done.getMessage().contains("already holds a finished extraction"), done.getMessage());

        Files.delete(cut.resolve(ShardManifest.FILE_NAME));
        IOException stray = assertThrows(IOException.class, () -> extract(cut, new IdentityEncoder(), CONFIG));
        assertTrue(stray.getMessage().contains("no record of an unfinished extraction"), stray.getMessage());
    }

    @Test
    void aNonEmptyFolderOrOneInsideTheDatasetIsRefusedBeforeAnythingIsWritten() throws IOException {
        Path notes = Files.createDirectories(tmp.resolve("notes"));
        Files.writeString(notes.resolve("todo.txt"), "keep me");
        IOException full = assertThrows(IOException.class, () -> extract(notes, new IdentityEncoder(), CONFIG));
        assertTrue(full.getMessage().contains("is not empty (it holds todo.txt) and is not an unfinished extraction"),
                full.getMessage());
        try (Stream<Path> s = Files.list(notes)) {
            assertEquals(1, s.count(), "nothing was written");
        }

        for (Path out : new Path[] {folder.root(), folder.root().resolve("latents"), folder.root().resolve("p")}) {
            IOException inside = assertThrows(IOException.class, () -> extract(out, new IdentityEncoder(), CONFIG));
            assertTrue(inside.getMessage().contains("the dataset folder " + folder.root()), inside.getMessage());
        }
        assertFalse(Files.exists(folder.root().resolve("latents")));

        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals(10, extract(empty, new IdentityEncoder(), CONFIG).count(), "an empty folder is fine");
    }
}
