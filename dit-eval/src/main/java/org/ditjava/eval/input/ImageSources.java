package org.ditjava.eval.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the right {@link ImageSource} for a path: a folder of images or an ADM-format {@code .npz}. */
public final class ImageSources {
    private ImageSources() {
    }

    /** A folder → {@link ImageFolderSource}; anything else is read as an {@code .npz} ({@link NpzImageSource}). */
    public static ImageSource open(Path path) throws IOException {
        return Files.isDirectory(path) ? ImageFolderSource.open(path) : NpzImageSource.open(path);
    }
}
