package org.ditjava.vae;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The encoder's diagonal Gaussian over (unscaled) latents, diffusers'
 * {@code DiagonalGaussianDistribution}: the moments are split into mean and log-variance along
 * the channels, and the log-variance is clamped to [−30, 20].
 *
 * @param mean (N, C, h, w)
 * @param logvar (N, C, h, w), clamped
 */
public record Posterior(INDArray mean, INDArray logvar) {
    /** diffusers' clamp of the log-variance. */
    public static final double LOGVAR_MIN = -30;
    public static final double LOGVAR_MAX = 20;

    public Posterior {
        if (!Arrays.equals(mean.shape(), logvar.shape())) {
            throw new IllegalArgumentException("mean " + Arrays.toString(mean.shape()) + " and logvar "
                    + Arrays.toString(logvar.shape()) + " differ in shape");
        }
    }

    /** From the encoder's moments (N, 2C, h, w): channels [0, C) mean, [C, 2C) log-variance. */
    public static Posterior fromMoments(INDArray moments) {
        if (moments.rank() != 4 || moments.size(1) % 2 != 0) {
            throw new IllegalArgumentException("moments must be (N, 2C, h, w), got " + Arrays.toString(moments.shape()));
        }
        long c = moments.size(1) / 2;
        INDArray mean = moments.get(NDArrayIndex.all(), NDArrayIndex.interval(0, c), NDArrayIndex.all(), NDArrayIndex.all()).dup();
        INDArray logvar = moments.get(NDArrayIndex.all(), NDArrayIndex.interval(c, 2 * c), NDArrayIndex.all(), NDArrayIndex.all()).dup();
        return new Posterior(mean, Transforms.min(Transforms.max(logvar, LOGVAR_MIN, false), LOGVAR_MAX, false));
    }

    /** exp(½ · logvar). */
    public INDArray std() {
        return Transforms.exp(logvar.mul(0.5), false);
    }

    /** mean + std · ε, with ε ~ N(0, I) of the mean's shape (unscaled latents). */
    public INDArray sample(INDArray eps) {
        if (!Arrays.equals(eps.shape(), mean.shape())) {
            throw new IllegalArgumentException("eps must have the shape of the mean " + Arrays.toString(mean.shape())
                    + ", got " + Arrays.toString(eps.shape()));
        }
        return mean.add(std().mul(eps.castTo(mean.dataType())));
    }

    public long batchSize() {
        return mean.size(0);
    }
}
