package org.ditjava.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Truncated JPEG and PNG files are found before any training, per the folder's policy; readable oddities are kept. */
class TruncationScanTest {
    @TempDir
    Path tmp;

    @Test
    void truncatedFilesFailOrAreSkippedUpFront() throws IOException {
        Path root = TestImages.tree(tmp.resolve("img"), 3, "a", "b");
        Path cutJpeg = TestImages.truncate(TestImages.jpeg(root.resolve("a/cut.jpg"), 40, 30, 5), 0.6);
        Path cutPng = TestImages.truncate(TestImages.png(root.resolve("b/cut.png"), 40, 30, 6), 0.7);
        Path padded = TestImages.jpeg(root.resolve("b/padded.jpg"), 20, 20, 7);
        Files.write(padded, new byte[] {0, 0, 0}, StandardOpenOption.APPEND);   // zero padding after EOI: fine
        Path appended = TestImages.png(root.resolve("a/appended.png"), 20, 20, 8);
        Files.write(appended, "trailing data".getBytes(), StandardOpenOption.APPEND);   // readable: kept

        assertFalse(TruncationScan.endsWell(cutJpeg));
        assertFalse(TruncationScan.endsWell(cutPng));
        assertTrue(TruncationScan.endsWell(padded));

        ImageFolder failing = ImageFolder.scan(root, BadInputPolicy.FAIL);
        BadInputException e = assertThrows(BadInputException.class, () -> TruncationScan.scan(failing));
        assertTrue(e.getMessage().contains("cut.jpg") && e.getMessage().contains("truncated"), e.getMessage());

        ImageFolder skipping = ImageFolder.scan(root, BadInputPolicy.SKIP);
        assertEquals(2, TruncationScan.scan(skipping));
        assertEquals(2, skipping.badInputs().count());
        assertTrue(skipping.badInputs().entries().stream().map(BadInputException::file).toList().containsAll(
                java.util.List.of(cutJpeg, cutPng)));
    }
}
