package org.ditjava.eval.features;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A feature extractor for the evaluation metrics: the Inception-v3 of the FID community
 * ({@link OnnxInceptionNetwork}) or anything else (e.g. a classifier trained on the user's data)
 * that maps images to pool features, and optionally logits (Inception Score) and spatial features
 * (sFID). The counterpart of {@code _create_feature_graph} / {@code _create_softmax_graph} in
 * guided-diffusion's {@code evaluations/evaluator.py}.
 */
public interface FeatureNetwork extends AutoCloseable {

    /**
     * Features of a batch of images given as float32 (N, 3, H, W) RGB with values in [0, 255]
     * (any H, W the network accepts; resizing is the network's business).
     */
    FeatureBatch extract(INDArray images);

    /**
     * A stable identifier of the network and its weights (e.g. {@code "onnx-3f2a…"}), used to tell
     * cached reference features of different networks apart.
     */
    String id();

    /** Features of images as stored: uint8 or float, (N, H, W, C), (N, C, H, W) or grayscale. */
    default FeatureBatch extract(INDArray images, ImageLayout layout) {
        return extract(ImageBatches.toNetworkInput(images, layout));
    }

    /** Images per call the network runs best with (ADM's evaluator uses 64). */
    default int batchSize() {
        return 64;
    }

    /** Releases native resources; the default holds none. */
    @Override
    default void close() {
    }
}
