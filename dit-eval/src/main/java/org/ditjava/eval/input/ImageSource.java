package org.ditjava.eval.input;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import org.ditjava.eval.features.ImageLayout;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A stream of image batches read from one file or folder, never all at once. */
public interface ImageSource extends Closeable {

    /** The file or folder the images come from (named in every error). */
    Path path();

    /** The total number of images. */
    long count();

    /** The layout of the batches {@link #next} returns. */
    ImageLayout layout();

    /** The next at most {@code max} images (uint8), or {@code null} when all were read. */
    INDArray next(int max) throws IOException;
}
