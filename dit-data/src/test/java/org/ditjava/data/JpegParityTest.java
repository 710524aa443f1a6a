package org.ditjava.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * JPEG decoding + center crop against Pillow 9.4 (fixtures/jpeg, see its README): ImageIO's JPEG
 * decoder and libjpeg-turbo agree bit for bit on baseline and grey JPEGs, so the whole pipeline is
 * exact there; CMYK goes through TwelveMonkeys' own conversion and may differ by 1.
 */
class JpegParityTest {
    private static final Pattern CROP = Pattern.compile("(.+\\.jpg)\\.crop(\\d+)\\.rgb");

    @TestFactory
    Stream<DynamicTest> decodedCropsMatchPillow() throws IOException {
        Path dir = CropParityTest.fixtureDir().resolveSibling("jpeg");
        List<Path> golden;
        try (Stream<Path> files = Files.list(dir)) {
            golden = files.filter(p -> CROP.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
        assertFalse(golden.isEmpty(), "no golden crops in " + dir);
        return golden.stream().map(g -> DynamicTest.dynamicTest(g.getFileName().toString(), () -> {
            Matcher m = CROP.matcher(g.getFileName().toString());
            assertTrue(m.matches());
            RgbImage crop = CenterCrop.apply(ImageDecoder.decode(dir.resolve(m.group(1))), Integer.parseInt(m.group(2)));
            byte[] expected = Files.readAllBytes(g);
            byte[] actual = crop.toBytes();
            assertEquals(expected.length, actual.length);
            int differ = 0;
            int max = 0;
            for (int i = 0; i < expected.length; i++) {
                int d = Math.abs((expected[i] & 0xFF) - (actual[i] & 0xFF));
                differ += d == 0 ? 0 : 1;
                max = Math.max(max, d);
            }
            if (m.group(1).startsWith("cmyk")) {
                assertTrue(max <= 1 && differ <= expected.length / 10, differ + " values differ, max " + max);
            } else {
                assertEquals(0, differ, differ + " of " + expected.length + " values differ (max " + max + ")");
            }
        }));
    }
}
