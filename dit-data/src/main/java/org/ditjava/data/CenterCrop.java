package org.ditjava.data;

import java.util.ArrayList;
import java.util.List;

/**
 * ADM's {@code center_crop_arr} (guided-diffusion {@code image_datasets.py}, copied into DiT's
 * {@code train.py}), on Pillow's resamplers as ported by {@link PilResample}:
 * <pre>
 * while min(W, H) &gt;= 2 * S:  image = image.resize((W // 2, H // 2), BOX)
 * scale = S / min(W, H);       image = image.resize((round(W * scale), round(H * scale)), BICUBIC)
 * crop_y = (H' - S) // 2, crop_x = (W' - S) // 2;  return arr[crop_y:crop_y+S, crop_x:crop_x+S]
 * </pre>
 * Python's {@code round} is half-to-even, hence {@link Math#rint}; an exact .5 cannot occur here.
 * Images smaller than {@code S} are upsampled by the same BICUBIC step, as in the original.
 */
public final class CenterCrop {

    private CenterCrop() {
    }

    /** The sizes and crop offset for a {@code width × height} source and output side {@code imageSize}. */
    public static CropPlan plan(int width, int height, int imageSize) {
        if (imageSize <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + imageSize);
        }
        List<ImageSize> sizes = new ArrayList<>();
        ImageSize size = new ImageSize(width, height);
        sizes.add(size);
        while (size.minSide() >= 2 * imageSize) {
            size = new ImageSize(size.width() / 2, size.height() / 2);
            sizes.add(size);
        }
        double scale = (double) imageSize / size.minSide();
        ImageSize bicubic = new ImageSize((int) Math.rint(size.width() * scale), (int) Math.rint(size.height() * scale));
        sizes.add(bicubic);
        return new CropPlan(imageSize, sizes, (bicubic.width() - imageSize) / 2, (bicubic.height() - imageSize) / 2);
    }

    /** {@code center_crop_arr(image, imageSize)}: the {@code imageSize × imageSize} uint8 result. */
    public static RgbImage apply(RgbImage image, int imageSize) {
        return apply(image, plan(image.width(), image.height(), imageSize));
    }

    /** Runs a plan made by {@link #plan} for this image's size. */
    public static RgbImage apply(RgbImage image, CropPlan plan) {
        if (image.width() != plan.source().width() || image.height() != plan.source().height()) {
            throw new IllegalArgumentException("plan for " + plan.source() + " applied to a "
                    + image.width() + "x" + image.height() + " image");
        }
        RgbImage current = image;
        for (ImageSize halved : plan.sizes().subList(1, plan.sizes().size() - 1)) {
            current = PilResample.resize(current, halved.width(), halved.height(), ResampleFilter.BOX);
        }
        ImageSize bicubic = plan.bicubic();
        int s = plan.imageSize();
        return PilResample.resizeAndCrop(current, bicubic.width(), bicubic.height(), ResampleFilter.BICUBIC,
                plan.cropX(), plan.cropY(), s, s);
    }
}
