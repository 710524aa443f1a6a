package org.ditjava.data;

import java.util.List;
import java.util.Locale;

/**
 * Which file names count as images: torchvision's {@code IMG_EXTENSIONS}, matched as
 * {@code has_file_allowed_extension} does ({@code name.lower().endswith(extensions)}), so
 * {@code .JPEG} counts and {@code .gif} does not. Whether the contents really are an image is
 * decided later, by the decoder.
 */
public final class ImageExtensions {
    /** torchvision.datasets.folder.IMG_EXTENSIONS. */
    public static final List<String> TORCHVISION =
            List.of(".jpg", ".jpeg", ".png", ".ppm", ".bmp", ".pgm", ".tif", ".tiff", ".webp");

    private ImageExtensions() {
    }

    /** Whether a file of this name is listed as an image. */
    public static boolean isImage(String fileName) {
        String lower = fileName.toLowerCase(Locale.ROOT);
        for (String ext : TORCHVISION) {
            if (lower.endsWith(ext)) {
                return true;
            }
        }
        return false;
    }
}
