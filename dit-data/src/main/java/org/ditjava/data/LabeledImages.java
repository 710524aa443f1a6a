package org.ditjava.data;

import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A whole small dataset in memory.
 *
 * @param images  (N, C, H, W) float32 in [−1, 1]
 * @param labels  (N) int64 class indices
 * @param classes class names, indexed by label
 */
public record LabeledImages(INDArray images, INDArray labels, List<String> classes) {

    public LabeledImages {
        classes = List.copyOf(classes);
        if (images.size(0) != labels.length()) {
            throw new IllegalArgumentException(images.size(0) + " images but " + labels.length() + " labels");
        }
    }

    /** Number of images. */
    public long size() {
        return labels.length();
    }
}
