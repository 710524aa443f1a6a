package org.ditjava.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.ditjava.io.ArrayInput;
import org.ditjava.io.DType;
import org.ditjava.io.NpzReader;
import org.ditjava.io.TensorInfo;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Golden parity with DiT's {@code center_crop_arr} on Pillow 9.4 (fixtures/crop, see its README):
 * every image named by {@code crop.npz}'s keys is decoded from its PNG and cropped at every size
 * the archive holds; the intermediate sizes, the uint8 crops and the flips must match exactly.
 * Nothing about the images is hard-coded: the keys say which images and sizes exist.
 */
class CropParityTest {
    private static final Pattern CROP = Pattern.compile("crop(\\d+)");
    private static final Pattern FLIP = Pattern.compile("crop(\\d+)_hflip");

    @TestFactory
    Stream<DynamicTest> everyFixtureImageMatchesPillowExactly() throws IOException {
        Path dir = fixtureDir();
        List<String> keys;
        try (NpzReader npz = NpzReader.open(dir.resolve("crop.npz"))) {
            keys = npz.names();
        }
        TreeSet<String> images = new TreeSet<>();
        for (String key : keys) {
            if (key.startsWith("img") && key.contains(".")) {
                images.add(key.substring(0, key.indexOf('.')));
            }
        }
        assertFalse(images.isEmpty(), "crop.npz names no images: " + keys);
        List<DynamicTest> tests = new ArrayList<>();
        for (String image : images) {
            tests.add(DynamicTest.dynamicTest(image + " source size", () -> withImage(dir, image, (npz, source) -> {
                long[] wh = readLongs(npz, image + ".size_wh");
                assertEquals(wh[0] + "x" + wh[1], source.width() + "x" + source.height());
            })));
            for (String key : keys) {
                if (!key.startsWith(image + ".")) {
                    continue;
                }
                String field = key.substring(image.length() + 1);
                Matcher crop = CROP.matcher(field);
                Matcher flip = FLIP.matcher(field);
                if (crop.matches()) {
                    int size = Integer.parseInt(crop.group(1));
                    tests.add(DynamicTest.dynamicTest(key, () -> withImage(dir, image,
                            (npz, source) -> checkCrop(npz, image, size, source, false))));
                    tests.add(DynamicTest.dynamicTest(image + ".sizes" + size, () -> withImage(dir, image,
                            (npz, source) -> checkSizes(npz, image, size, source))));
                } else if (flip.matches()) {
                    int size = Integer.parseInt(flip.group(1));
                    tests.add(DynamicTest.dynamicTest(key, () -> withImage(dir, image,
                            (npz, source) -> checkCrop(npz, image, size, source, true))));
                }
            }
        }
        return tests.stream();
    }

    private interface Check {
        void run(NpzReader npz, RgbImage source) throws IOException;
    }

    private static void withImage(Path dir, String image, Check check) throws IOException {
        RgbImage source = ImageDecoder.decode(pngFor(dir, image));
        try (NpzReader npz = NpzReader.open(dir.resolve("crop.npz"))) {
            check.run(npz, source);
        }
    }

    private static void checkCrop(NpzReader npz, String image, int size, RgbImage source, boolean flip) throws IOException {
        String key = image + ".crop" + size + (flip ? "_hflip" : "");
        TensorInfo info = npz.info(key);
        assertEquals(new TensorInfo(DType.UINT8, new long[] {size, size, 3}), info, key);
        byte[] expected = readBytes(npz, key);
        RgbImage crop = CenterCrop.apply(source, size);
        if (flip) {
            crop = crop.flipHorizontal();
        }
        byte[] actual = crop.toBytes();
        int mismatches = 0;
        int maxDiff = 0;
        int first = -1;
        for (int i = 0; i < expected.length; i++) {
            int d = Math.abs((expected[i] & 0xFF) - (actual[i] & 0xFF));
            if (d != 0) {
                mismatches++;
                maxDiff = Math.max(maxDiff, d);
                first = first < 0 ? i : first;
            }
        }
        if (mismatches != 0) {
            int px = first / 3;
            fail(key + ": " + mismatches + " of " + expected.length + " values differ (max |diff| " + maxDiff
                    + "), first at y=" + px / size + " x=" + px % size + " c=" + first % 3);
        }
    }

    private static void checkSizes(NpzReader npz, String image, int size, RgbImage source) throws IOException {
        long[] flat = readLongs(npz, image + ".sizes" + size);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < flat.length; i += 2) {
            expected.add(flat[i] + "x" + flat[i + 1]);
        }
        CropPlan plan = CenterCrop.plan(source.width(), source.height(), size);
        assertEquals(expected, plan.sizes().stream().map(ImageSize::toString).toList(), image + ".sizes" + size);
    }

    /** The one PNG whose name starts with the key prefix ({@code img3} → {@code img3_....png}). */
    private static Path pngFor(Path dir, String image) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> matches = files.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".png") && (n.equals(image + ".png") || n.startsWith(image + "_"));
            }).toList();
            assertEquals(1, matches.size(), "PNG files for " + image + " in " + dir + ": " + matches);
            return matches.get(0);
        }
    }

    static Path fixtureDir() {
        try {
            Path dir = Path.of(CropParityTest.class.getResource("/fixtures/crop/crop.npz").toURI()).getParent();
            assertTrue(Files.isDirectory(dir));
            return dir;
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] readBytes(NpzReader npz, String key) throws IOException {
        try (ArrayInput in = npz.stream(key)) {
            ByteBuffer buf = ByteBuffer.allocate((int) in.remainingBytes());
            in.readFully(buf);
            return buf.array();
        }
    }

    private static long[] readLongs(NpzReader npz, String key) throws IOException {
        assertEquals(DType.INT64, npz.info(key).dtype(), key);
        ByteBuffer buf = ByteBuffer.wrap(readBytes(npz, key)).order(ByteOrder.LITTLE_ENDIAN);
        long[] out = new long[buf.remaining() / 8];
        buf.asLongBuffer().get(out);
        return out;
    }
}
