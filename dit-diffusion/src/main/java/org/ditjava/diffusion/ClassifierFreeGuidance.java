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
 *
 * <p>Guidance interval ({@link GuidanceInterval}, original-scale timesteps, read from the first half's t):
 * when every row's t is inside it, the computation above runs unchanged, so {@link GuidanceInterval#ALL}
 * (the default) is bit-identical to the official code. When no row's t is inside, the null half is NOT run:
 * the model runs once on the N conditional rows and its whole output (variance channels included) is
 * written to both halves, halving that step's cost. When only some rows are inside (a per-sample t batch),
 * the full 2N batch runs and the rows outside take the conditional eps exactly (not u + 1·(c − u)).
 */
public final class ClassifierFreeGuidance implements Denoiser {

    private final Denoiser model;
    private final double scale;
    private final GuidedChannels channels;
    private final GuidanceInterval interval;

    /** The official behaviour: 3 guided channels. */
    public ClassifierFreeGuidance(Denoiser model, double scale) {
        this(model, scale, GuidedChannels.FIRST_THREE);
    }

    /** Guidance at every timestep. */
    public ClassifierFreeGuidance(Denoiser model, double scale, GuidedChannels channels) {
        this(model, scale, channels, GuidanceInterval.ALL);
    }

    /** @param interval original-scale timesteps at which guidance is applied */
    public ClassifierFreeGuidance(Denoiser model, double scale, GuidedChannels channels, GuidanceInterval interval) {
        if (!Double.isFinite(scale)) {
            throw new IllegalArgumentException("guidance scale must be finite, got " + scale);
        }
        this.model = Objects.requireNonNull(model, "model");
        this.scale = scale;
        this.channels = Objects.requireNonNull(channels, "channels");
        this.interval = Objects.requireNonNull(interval, "interval");
    }

    public GuidanceInterval interval() {
        return interval;
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
        boolean[] guidedRows = guidedRows(t, half);
        int inside = count(guidedRows);
        if (inside == 0) {
            INDArray condOut = model.apply(cond, Tensors.rows(t, 0, half),
                    y == null ? null : Tensors.rows(y, 0, half));                  // (N, outC, H, W)
            return Nd4j.concat(0, condOut, condOut);                               // (2N, outC, H, W)
        }
        INDArray out = model.apply(Nd4j.concat(0, cond, cond), t, y);              // (2N, outC, H, W)
        long guided = channels.count(x.size(1), out.size(1));
        INDArray condEps = Tensors.block(out, 0, half, 0, guided);                 // (N, g, H, W)
        INDArray uncondEps = Tensors.block(out, half, batch, 0, guided);
        INDArray halfEps = uncondEps.add(condEps.sub(uncondEps).muli(scale));      // (N, g, H, W)
        if (inside < half) {
            halfEps = Tensors.select(rowMask(guidedRows, halfEps.shape()), halfEps, condEps);
        }
        INDArray guidedEps = Nd4j.concat(0, halfEps, halfEps);                     // (2N, g, H, W)
        if (guided == out.size(1)) {
            return guidedEps;
        }
        return Nd4j.concat(1, guidedEps, Tensors.channels(out, guided, out.size(1)));   // (2N, outC, H, W)
    }

    /** Whether each of the first {@code half} rows' timestep is inside the interval. */
    private boolean[] guidedRows(INDArray t, long half) {
        if (t.length() < half) {
            throw new IllegalArgumentException("guidance needs one timestep per row, got " + t.length());
        }
        boolean[] rows = new boolean[(int) half];
        for (int i = 0; i < half; i++) {
            rows[i] = interval.covers(t.getLong(i));
        }
        return rows;
    }

    private static int count(boolean[] flags) {
        int n = 0;
        for (boolean flag : flags) {
            n += flag ? 1 : 0;
        }
        return n;
    }

    /** A BOOL array shaped {@code shape} (N, ...) that is true on the rows flagged in {@code rows}. */
    private static INDArray rowMask(boolean[] rows, long[] shape) {
        int per = (int) (java.util.Arrays.stream(shape).reduce(1, Math::multiplyExact) / shape[0]);
        boolean[] mask = new boolean[rows.length * per];
        for (int i = 0; i < rows.length; i++) {
            java.util.Arrays.fill(mask, i * per, (i + 1) * per, rows[i]);
        }
        return Nd4j.createFromArray(mask).reshape(shape);
    }
}
