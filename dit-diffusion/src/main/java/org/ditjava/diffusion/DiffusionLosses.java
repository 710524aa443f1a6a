package org.ditjava.diffusion;

import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Per-sample training losses of a {@link GaussianDiffusion}: {@code training_losses} and {@code _vb_terms_bpd}
 * of facebookresearch/DiT {@code diffusion/gaussian_diffusion.py} (improved-DDPM section 3.1, eq. 16: the
 * hybrid objective L_simple + L_vb).
 *
 * <p>These work on plain ND4J arrays, so there are no gradients. For a learned variance the reference feeds
 * the bound a copy of the model output whose mean half is detached ({@code frozen_out}): the bound trains the
 * variance only. Here that is simply the model output; a differentiable (SameDiff) port must apply a
 * stop-gradient to the first C channels before {@link #vbTermsBits}. The math is split into the same small
 * steps so that port can mirror it.
 */
public final class DiffusionLosses {

    private static final double LN_2 = Math.log(2.0);
    /** The reference divides the bound by 1000 "for equivalence with initial implementation". */
    private static final double RESCALE_REFERENCE_STEPS = 1000.0;

    private final GaussianDiffusion diffusion;

    public DiffusionLosses(GaussianDiffusion diffusion) {
        this.diffusion = Objects.requireNonNull(diffusion, "diffusion");
    }

    /**
     * Diffuses {@code xStart} to chain indices {@code t} with {@code noise}, calls the model there (original-scale
     * timesteps) and returns the loss terms ({@code training_losses(model, x_start, t, model_kwargs, noise)}).
     */
    public TrainingLosses trainingLosses(Denoiser model, INDArray xStart, int[] t, INDArray y, INDArray noise) {
        INDArray xT = diffusion.qSample(xStart, t, noise);
        INDArray modelOutput = diffusion.applyModel(model, xT, t, y);
        return lossesFromOutput(modelOutput, xStart, xT, t, noise);
    }

    /** The loss terms for a model output already computed at (x_t, t). */
    public TrainingLosses lossesFromOutput(INDArray modelOutput, INDArray xStart, INDArray xT, int[] t,
            INDArray noise) {
        LossType lossType = diffusion.lossType();
        if (lossType.isVb()) {
            INDArray vb = vbTermsBits(xStart, xT, t, modelOutput);
            if (lossType == LossType.RESCALED_KL) {
                vb.muli(diffusion.numTimesteps());
            }
            return new TrainingLosses(xT, null, vb, vb);
        }
        INDArray mse = mse(target(xStart, noise), Tensors.channels(modelOutput, 0, xT.size(1)));
        if (!diffusion.varianceType().isLearned()) {
            return new TrainingLosses(xT, mse, null, mse);
        }
        INDArray vb = vbTermsBits(xStart, xT, t, modelOutput);
        if (lossType == LossType.RESCALED_MSE) {
            vb.muli(diffusion.numTimesteps() / RESCALE_REFERENCE_STEPS);
        }
        return new TrainingLosses(xT, mse, vb, mse.add(vb));
    }

    /**
     * One term of the variational bound per sample, in bits ({@code _vb_terms_bpd} with clip_denoised=False):
     * the discretized-Gaussian decoder NLL where t == 0, else KL(q(x_{t-1} | x_t, x_0) || p(x_{t-1} | x_t)).
     */
    public INDArray vbTermsBits(INDArray xStart, INDArray xT, int[] t, INDArray modelOutput) {
        QPosterior posterior = diffusion.qPosteriorMeanVariance(xStart, xT, t);
        PMeanVariance p = diffusion.pMeanVarianceFromOutput(modelOutput, xT, t, false);
        return Tensors.whereTimestepZero(t, decoderNllBits(xStart, p), klBits(posterior, p));
    }

    /** Mean over C, H, W of KL(q || p), in bits: (N). */
    public static INDArray klBits(QPosterior posterior, PMeanVariance p) {
        INDArray kl = Gaussians.normalKl(posterior.mean(), posterior.logVarianceClipped(), p.mean(), p.logVariance());
        return Tensors.meanFlat(kl).divi(LN_2);
    }

    /** Mean over C, H, W of -log p(x_0 | x_1) under the discretized Gaussian decoder, in bits: (N). */
    public static INDArray decoderNllBits(INDArray xStart, PMeanVariance p) {
        INDArray logScales = p.logVariance().mul(0.5);
        INDArray logLikelihood = Gaussians.discretizedGaussianLogLikelihood(xStart, p.mean(), logScales);
        return Tensors.meanFlat(logLikelihood.negi()).divi(LN_2);
    }

    /** Mean over C, H, W of (target - prediction)^2: (N). */
    public static INDArray mse(INDArray target, INDArray prediction) {
        INDArray error = target.sub(prediction);
        return Tensors.meanFlat(error.muli(error));
    }

    /** What the first C output channels should equal: the noise (EPSILON) or x_0 (START_X). */
    private INDArray target(INDArray xStart, INDArray noise) {
        return diffusion.meanType() == MeanType.START_X ? xStart : noise;
    }
}
