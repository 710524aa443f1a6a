package org.ditjava.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Properties of the Pillow port beyond the golden fixtures. */
class PilResampleTest {

    private static RgbImage random(int w, int h, long seed) {
        byte[] px = new byte[w * h * 3];
        new SplittableRandom(seed).nextBytes(px);
        return RgbImage.wrap(w, h, px);
    }

    @Test
    void boxHalvingAveragesWithPillowsRounding() {
        RgbImage img = RgbImage.wrap(2, 1, new byte[] {10, 10, 0, 20, 21, (byte) 255});
        RgbImage half = PilResample.resize(img, 1, 1, ResampleFilter.BOX);
        // (10 + 20) / 2 = 15 exactly; (10 + 21) / 2 = 15.5 rounds up; (0 + 255) / 2 = 127.5 rounds up
        assertArrayEquals(new byte[] {15, 16, (byte) 128}, half.toBytes());
    }

    @Test
    void unchangedSizeReturnsTheImage() {
        RgbImage img = random(7, 5, 1);
        assertSame(img, PilResample.resize(img, 7, 5, ResampleFilter.BICUBIC));
    }

    @Test
    void resizeAndCropEqualsResizeThenCrop() {
        SplittableRandom rnd = new SplittableRandom(4);
        for (ResampleFilter f : ResampleFilter.values()) {
            for (int[] sizes : List.of(new int[] {37, 23, 20, 12}, new int[] {20, 12, 37, 23}, new int[] {30, 30, 30, 17},
                    new int[] {30, 30, 11, 30}, new int[] {64, 48, 32, 24})) {
                RgbImage img = random(sizes[0], sizes[1], rnd.nextLong());
                RgbImage full = PilResample.resize(img, sizes[2], sizes[3], f);
                for (int k = 0; k < 5; k++) {
                    int w = 1 + rnd.nextInt(sizes[2]);
                    int h = 1 + rnd.nextInt(sizes[3]);
                    int x = rnd.nextInt(sizes[2] - w + 1);
                    int y = rnd.nextInt(sizes[3] - h + 1);
                    assertArrayEquals(full.crop(x, y, w, h).toBytes(),
                            PilResample.resizeAndCrop(img, sizes[2], sizes[3], f, x, y, w, h).toBytes(),
                            f + " " + java.util.Arrays.toString(sizes) + " region " + w + "x" + h + "+" + x + "+" + y);
                }
            }
        }
    }

    @Test
    void cropPlanFollowsCenterCropArr() {
        CropPlan p = CenterCrop.plan(500, 375, 256);
        assertEquals(List.of(new ImageSize(500, 375), new ImageSize(341, 256)), p.sizes());
        assertEquals(42, p.cropX());
        assertEquals(0, p.cropY());
        CropPlan small = CenterCrop.plan(20, 10, 32);   // upsampled: scale 3.2
        assertEquals(new ImageSize(64, 32), small.bicubic());
        assertEquals(0, small.halvings());
        assertEquals(3, CenterCrop.plan(2000, 1100, 128).halvings());
        assertThrows(IllegalArgumentException.class, () -> CenterCrop.plan(10, 10, 0));
        assertThrows(IllegalArgumentException.class, () -> PilResample.resizeAndCrop(random(4, 4, 1), 8, 8,
                ResampleFilter.BICUBIC, 4, 4, 5, 1));
    }
}
