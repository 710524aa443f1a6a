package org.ditjava.diffusion;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Classifier-free guidance (Ho &amp; Salimans 2022) around any denoiser: {@code forward_with_cfg} of
 * facebookresearch/DiT {@code models.py}, eps = eps_uncond + s (eps_cond - eps_uncond).
 *
 * <p>Batch contract, as in DiT's {@code sample.py}: the batch has 2N rows, labels {@code y = [classes; null
 * class]}. Only the first half of x is used; it is duplicated so both halves see the same input, the model
 * runs once on the 2N batch, the guided channels (see {@link GuidedChannels}) are mixed and written to both
 * halves, and the other channels pass through per row. Callers keep the first N rows of the final sample.
 *
 * <p>The wrapper always computes exactly what the reference computes, scale 1 included (u + 1·(c − u)).
 * A sampling pipeline that wants unguided samples should not wrap the model at all and so save the
 * null half's cost.
 */
public final class ClassifierFreeGuidance implements Denoiser {

    private final Denoiser model;
    private final double scale;
    private final GuidedChannels channels;

    /** The official behaviour: 3 guided channels. */
    public ClassifierFreeGuidance(Denoiser model, double scale) {
        this(model, scale, GuidedChannels.FIRST_THREE);
    }

    public ClassifierFreeGuidance(Denoiser model, double scale, GuidedChannels channels) {
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException("guidance scale must be finite, got " + scale);
        }
        this.model = Objects.requireNonNull(model, "model");
        this.scale = scale;
        this.channels = Objects.requireNonNull(channels, "channels");
    }

    public double scale() {
        return scale;
    }

    public GuidedChannels channels() {
        return channels;
    }

    @Override
    public INDArray apply(INDArray x, INDArray t, INDArray y) {
        long batch = x.size(0);
        if (batch % 2 != 0) {
            throw new IllegalArgumentException("guidance needs a batch of [conditional; null-class] halves, got "
                    + batch + " rows");
        }
        long half = batch / 2;
        INDArray cond = Tensors.rows(x, 0, half);                                  // (N, C, H, W)
        INDArray out = model.apply(Nd4j.concat(0, cond, cond), t, y);              // (2N, outC, H, W)
        long guided = channels.count(x.size(1), out.size(1));
        INDArray condEps = Tensors.block(out, 0, half, 0, guided);                 // (N, g, H, W)
        INDArray uncondEps = Tensors.block(out, half, batch, 0, guided);
        INDArray halfEps = uncondEps.add(condEps.sub(uncondEps).muli(scale));      // (N, g, H, W)
        INDArray guidedEps = Nd4j.concat(0, halfEps, halfEps);                     // (2N, g, H, W)
        if (guided == out.size(1)) {
            return guidedEps;
        }
        return Nd4j.concat(1, guidedEps, Tensors.channels(out, guided, out.size(1)));   // (2N, outC, H, W)
    }
}
