package org.ditjava.data;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Maps preprocessed images to the latents DiT trains on. The VAE module provides the real one
 * (Stable Diffusion's KL-f8: 3×S×S → 4×S/8×S/8, scaled by 0.18215); {@link IdentityEncoder} serves
 * pixel-space data until then.
 */
public interface LatentEncoder {

    /** A short name recorded in the shard manifest. */
    String name();

    /** The per-image latent shape {@code (C, h, w)} for {@code imageSize × imageSize} inputs. */
    long[] latentShape(int imageSize);

    /** {@code (N, 3, S, S)} float32 in [−1, 1] to {@code (N, C, h, w)} float32. */
    INDArray encode(INDArray images);

    /**
     * The encoder to continue an extraction with after {@code samplesDone} samples: a deterministic
     * encoder is itself; a sampling one (the VAE's posterior) returns one whose random stream is derived
     * from its seed and {@code samplesDone}, so a resumed run neither repeats the draws it started with
     * nor depends on when it stopped more than through that count.
     */
    default LatentEncoder resumedAt(long samplesDone) {
        return this;
    }
}
