package org.ditjava.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/** The "autoencoder" of pixel-space runs (Fashion-MNIST, tests): latents are the images themselves. */
public final class IdentityEncoder implements LatentEncoder {

    @Override
    public String name() {
        return "identity";
    }

    @Override
    public long[] latentShape(int imageSize) {
        return new long[] {3, imageSize, imageSize};
    }

    @Override
    public INDArray encode(INDArray images) {
        return images;
    }
}
