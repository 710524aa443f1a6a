package org.ditjava.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code dit data inspect}'s library side: counts, bad files, the contact sheet. */
class DatasetInspectorTest {

    @TempDir
    Path tmp;

    @Test
    void reportsCountsBadFilesAndWritesASheetOfCrops() throws IOException {
        Path root = TestImages.tree(tmp.resolve("d"), 4, "a", "b", "c");
        Files.write(root.resolve("b/zero.jpg"), new byte[0]);
        Files.writeString(root.resolve("c/text.png"), "text");
        ImageFolder folder = ImageFolder.scan(root, BadInputPolicy.SKIP);
        Path sheet = tmp.resolve("sheet.png");
        List<Long> progress = new ArrayList<>();
        FolderInspection r = DatasetInspector.inspect(folder, 16, -1, 2, 5, sheet, progress::add);
        assertEquals(List.of("a", "b", "c"), r.classes());
        assertArrayEquals(new int[] {4, 4, 5}, r.counts());   // text.png is listed; only decoding finds it
        assertEquals(12, r.decoded());
        assertEquals(13, r.checked());
        assertEquals(2, r.bad().size(), r.bad().toString());
        assertTrue(r.bad().get(0).getMessage().contains("zero.jpg"), r.bad().toString());
        assertTrue(r.bad().get(1).getMessage().contains("text.png"), r.bad().toString());
        BufferedImage png = ImageIO.read(sheet.toFile());
        assertEquals(2 + 3 * (16 + 2), png.getWidth());      // 5 crops in a 3 x 2 grid
        assertEquals(2 + 2 * (16 + 2), png.getHeight());
        RgbImage first = CenterCrop.apply(ImageDecoder.decode(folder.sample(0).file()), 16);
        int rgb = png.getRGB(2 + 3, 2 + 4);
        assertEquals(first.get(3, 4, 0), (rgb >> 16) & 0xFF, "sheet shows the unflipped crop");
        assertEquals(first.get(3, 4, 2), rgb & 0xFF);
    }

    @Test
    void limitStopsEarlyAndNoSheetIsWrittenWhenNotAsked() throws IOException {
        ImageFolder folder = ImageFolder.scan(TestImages.tree(tmp.resolve("d"), 5, "a", "b"), BadInputPolicy.FAIL);
        FolderInspection r = DatasetInspector.inspect(folder, 8, 3, 1, 0, tmp.resolve("none.png"), n -> { });
        assertEquals(3, r.decoded());
        assertTrue(r.contactSheet().isEmpty());
        assertTrue(Files.notExists(tmp.resolve("none.png")));
    }
}
