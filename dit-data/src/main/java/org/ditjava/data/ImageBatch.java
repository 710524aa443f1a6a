package org.ditjava.data;

import java.nio.file.Path;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One batch of preprocessed images.
 *
 * @param images  (N, 3, S, S) float32 in [−1, 1], NCHW
 * @param labels  (N) int64 class indices
 * @param files   the source file of each image
 * @param flipped whether each image was mirrored
 * @param next    the cursor just after this batch: start a loader there to resume
 */
public record ImageBatch(INDArray images, INDArray labels, List<Path> files, boolean[] flipped, Cursor next) {

    public ImageBatch {
        files = List.copyOf(files);
        flipped = flipped.clone();
    }

    /** Number of images. */
    public int size() {
        return files.size();
    }

    @Override
    public boolean[] flipped() {
        return flipped.clone();
    }
}
