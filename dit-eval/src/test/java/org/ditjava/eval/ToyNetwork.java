package org.ditjava.eval;

import org.ditjava.eval.features.FeatureBatch;
import org.ditjava.eval.features.FeatureNetwork;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A small deterministic feature network for pipeline tests: fixed random projections of the
 * flattened (N, 3, H, W) pixels give pool features, logits and a spatial map. Counts its calls.
 */
final class ToyNetwork implements FeatureNetwork {
    private final INDArray poolW;
    private final INDArray logitW;
    private final INDArray spatialW;
    int calls;

    ToyNetwork(int pixels, int poolDim, int classes, int spatialDim) {
        poolW = TestFiles.gaussian(97, pixels, poolDim).divi(Math.sqrt(pixels) * 255);
        logitW = TestFiles.gaussian(98, poolDim, classes).muli(3);
        spatialW = TestFiles.gaussian(99, pixels, spatialDim).divi(Math.sqrt(pixels) * 255);
    }

    @Override
    public FeatureBatch extract(INDArray images) {
        calls++;
        INDArray flat = images.reshape(images.size(0), -1);
        INDArray pool = flat.mmul(poolW);
        return new FeatureBatch(pool, pool.mmul(logitW), flat.mmul(spatialW));
    }

    @Override
    public String id() {
        return "toy-v1";
    }

    @Override
    public int batchSize() {
        return 5;
    }
}
