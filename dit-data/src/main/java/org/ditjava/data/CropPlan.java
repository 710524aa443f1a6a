package org.ditjava.data;

import java.util.List;

/**
 * The sizes ADM's {@code center_crop_arr} passes an image through for one target size: the
 * source, each BOX halving, and the BICUBIC size (the {@code sizes*} keys of the crop fixture), and
 * the offset of the centre {@code imageSize × imageSize} crop within the last one.
 *
 * @param imageSize the side of the square output
 * @param sizes     source size, then one entry per BOX halving, then the BICUBIC size
 * @param cropX     left edge of the crop in the BICUBIC-resized image
 * @param cropY     top edge of the crop
 */
public record CropPlan(int imageSize, List<ImageSize> sizes, int cropX, int cropY) {

    public CropPlan {
        sizes = List.copyOf(sizes);
        if (sizes.size() < 2) {
            throw new IllegalArgumentException("a crop plan needs at least the source and the bicubic size");
        }
    }

    /** The source image's size. */
    public ImageSize source() {
        return sizes.get(0);
    }

    /** The size the BICUBIC resize produces, before the crop. */
    public ImageSize bicubic() {
        return sizes.get(sizes.size() - 1);
    }

    /** How many BOX halvings run. */
    public int halvings() {
        return sizes.size() - 2;
    }
}
