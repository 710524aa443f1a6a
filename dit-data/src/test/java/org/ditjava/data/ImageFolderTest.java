package org.ditjava.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** torchvision ImageFolder listing rules and decoding of the awkward-but-valid files. */
class ImageFolderTest {

    @TempDir
    Path root;

    @Test
    void classesAreSortedFolderNamesAndFilesFollowSortedWalkOrder() throws IOException {
        TestImages.png(root.resolve("zebra/b.png"), 8, 8, 1);
        TestImages.png(root.resolve("zebra/a.PNG"), 8, 8, 2);
        TestImages.png(root.resolve("Apple/x.jpeg"), 8, 8, 3);
        TestImages.png(root.resolve("Apple/sub/y.png"), 8, 8, 4);
        TestImages.png(root.resolve("Apple/sub-b/z.png"), 8, 8, 5);
        TestImages.png(root.resolve("Apple/sub/deeper/w.png"), 8, 8, 6);
        TestImages.png(root.resolve("mango/\uD83E\uDD6D.png"), 8, 8, 7);   // U+1F96D, outside the BMP
        TestImages.png(root.resolve("mango/\uFF21.png"), 8, 8, 8);          // U+FF21 sorts before it by code point
        Files.writeString(root.resolve("zebra/notes.txt"), "not listed");
        Files.writeString(root.resolve("zebra/anim.gif"), "not listed either");
        Files.writeString(root.resolve("README.md"), "files in the root are ignored");
        ImageFolder folder = ImageFolder.scan(root, BadInputPolicy.FAIL);

        assertEquals(List.of("Apple", "mango", "zebra"), folder.classes());
        List<String> rel = folder.samples().stream()
                .map(s -> s.label() + ":" + root.relativize(s.file()).toString()).toList();
        // sorted(os.walk) sorts by folder path: "Apple" < "Apple/sub" < "Apple/sub-b" < "Apple/sub/deeper" ('-' < '/')
        assertEquals(List.of("0:Apple/x.jpeg", "0:Apple/sub/y.png", "0:Apple/sub-b/z.png", "0:Apple/sub/deeper/w.png",
                "1:mango/\uFF21.png", "1:mango/\uD83E\uDD6D.png", "2:zebra/a.PNG", "2:zebra/b.png"), rel);
        assertArrayEquals(new int[] {4, 2, 2}, folder.classCounts());
        assertEquals(0, folder.badInputs().count());
    }

    @Test
    void torchvisionExtensionsCountAndOthersDoNot() {
        for (String ok : List.of("a.jpg", "a.JPEG", "a.png", "a.ppm", "a.bmp", "a.pgm", "a.tif", "a.TIFF", "a.webp")) {
            assertTrue(ImageExtensions.isImage(ok), ok);
        }
        for (String no : List.of("a.gif", "a.txt", "jpg", "a.jpg.bak", "a.heic")) {
            assertEquals(false, ImageExtensions.isImage(no), no);
        }
    }

    @Test
    void aPngNamedJpegDecodesByContent() {
        Path file = TestImages.png(root.resolve("c/n02105855_2933.JPEG"), 30, 20, 9);
        RgbImage img = ImageDecoder.decode(file);
        assertEquals(30, img.width());
        assertEquals(20, img.height());
    }

    @Test
    void cmykJpegDecodesToRgb() {
        Path file = TestImages.cmykJpeg(root.resolve("c/cmyk.jpg"), 64, 48, 200, 30);
        RgbImage img = ImageDecoder.decode(file);
        assertEquals(64, img.width());
        // K = 30 alone is a light grey: PIL's naive CMYK→RGB gives 255 − 30 = 225 per channel
        for (int c = 0; c < 3; c++) {
            assertTrue(Math.abs(img.get(5, 5, c) - 225) <= 3, "left half channel " + c + " = " + img.get(5, 5, c));
        }
        // C = 200 removes most of the red: (255 − 200) × 225 / 255 ≈ 49
        assertTrue(Math.abs(img.get(60, 5, 0) - 49) <= 4, "red under cyan = " + img.get(60, 5, 0));
    }

    @Test
    void greyAndPaletteImagesBecomeRgbLikePil() throws IOException {
        java.awt.image.BufferedImage grey = new java.awt.image.BufferedImage(4, 2, java.awt.image.BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 0, 0, 77);
        RgbImage g = ImageDecoder.decode(TestImages.write(grey, "png", root.resolve("g.png")));
        // raw sample replicated (getRGB would apply Java's grey gamma and change 77)
        assertEquals(77, g.get(1, 0, 0));
        assertEquals(77, g.get(1, 0, 2));
        java.awt.image.BufferedImage pal = new java.awt.image.BufferedImage(4, 2, java.awt.image.BufferedImage.TYPE_BYTE_INDEXED);
        pal.setRGB(2, 1, 0xFF3366);
        RgbImage p = ImageDecoder.decode(TestImages.write(pal, "png", root.resolve("p.png")));
        int expected = pal.getRGB(2, 1);
        assertEquals((expected >> 16) & 0xFF, p.get(2, 1, 0));
        assertEquals(expected & 0xFF, p.get(2, 1, 2));
    }

    @Test
    void missingRootOrNoClassesFailsUnderEitherPolicy() throws IOException {
        BadInputException missing = assertThrows(BadInputException.class,
                () -> ImageFolder.scan(root.resolve("nope"), BadInputPolicy.SKIP));
        assertTrue(missing.getMessage().contains("nope"), missing.getMessage());
        Files.writeString(root.resolve("loose.png"), "x");
        BadInputException none = assertThrows(BadInputException.class, () -> ImageFolder.scan(root, BadInputPolicy.SKIP));
        assertTrue(none.getMessage().contains("no class folders"), none.getMessage());
    }
}
