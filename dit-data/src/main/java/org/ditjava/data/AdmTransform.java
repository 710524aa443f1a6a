package org.ditjava.data;

import java.nio.file.Path;

/**
 * DiT's training transform ({@code train.py}, after ADM): {@code Lambda(center_crop_arr)},
 * {@code RandomHorizontalFlip()}, {@code ToTensor()}, {@code Normalize([0.5]*3, [0.5]*3)}. The flip
 * decision is the caller's (see {@link SeededOrder#flip}), so the result is a pure function of the
 * file, the size and the flag. Pixel values become {@code (v / 255f − 0.5f) / 0.5f} in float32, the
 * same operations in the same order as torchvision, so they are bit-identical for identical uint8 crops.
 */
public final class AdmTransform {

    private AdmTransform() {
    }

    /** Decode, center-crop to {@code imageSize}, optionally mirror: the uint8 image before {@code ToTensor}. */
    public static RgbImage load(Path file, int imageSize, boolean flip) {
        RgbImage crop = CenterCrop.apply(ImageDecoder.decode(file), imageSize);
        return flip ? crop.flipHorizontal() : crop;
    }

    /** {@code ToTensor} + {@code Normalize(0.5, 0.5)}: writes the image as C×H×W floats in [−1, 1] at {@code offset}. */
    public static void toChw(RgbImage image, float[] dst, int offset) {
        int plane = image.width() * image.height();
        if (offset < 0 || offset + 3L * plane > dst.length) {
            throw new IllegalArgumentException("no room for a 3x" + image.height() + "x" + image.width()
                    + " image at offset " + offset + " of " + dst.length);
        }
        byte[] px = image.buffer();
        for (int i = 0; i < plane; i++) {
            for (int c = 0; c < 3; c++) {
                dst[offset + c * plane + i] = toUnit(px[i * 3 + c] & 0xFF);
            }
        }
    }

    /** One uint8 value to [−1, 1] as torchvision computes it in float32. */
    public static float toUnit(int value) {
        return (value / 255f - 0.5f) / 0.5f;
    }

}
