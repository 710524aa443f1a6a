package org.ditjava.diffusion;

import java.util.Arrays;
import java.util.Objects;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * An immutable Gaussian diffusion (DDPM, Ho et al. 2020, with the improved-DDPM learned variance of Nichol
 * &amp; Dhariwal 2021): facebookresearch/DiT {@code diffusion/gaussian_diffusion.py} ({@code GaussianDiffusion})
 * together with {@code diffusion/respace.py} ({@code SpacedDiffusion}): every chain here may be respaced, and
 * the model is always called with ORIGINAL-scale timesteps ({@code timestep_map[t]}).
 *
 * <p>The schedule is float64; tensors are float32. Each schedule value is converted to float32 before it
 * multiplies a tensor, as {@code _extract_into_tensor} does. Timestep arguments {@code t} are indices into
 * THIS (respaced) chain, one per sample. Nothing here mutates its arguments.
 *
 * <p>Not ported: {@code denoised_fn}, {@code cond_fn} (classifier guidance), {@code calc_bpd_loop}.
 * Training losses live in {@link DiffusionLosses}, samplers in {@link DdpmSampler} and {@link DdimSampler}.
 */
public final class GaussianDiffusion {

    private final DiffusionSchedule schedule;
    private final MeanType meanType;
    private final VarianceType varianceType;
    private final LossType lossType;

    public GaussianDiffusion(DiffusionSchedule schedule, MeanType meanType, VarianceType varianceType,
            LossType lossType) {
        this.schedule = Objects.requireNonNull(schedule, "schedule");
        this.meanType = Objects.requireNonNull(meanType, "meanType");
        this.varianceType = Objects.requireNonNull(varianceType, "varianceType");
        this.lossType = Objects.requireNonNull(lossType, "lossType");
    }

    /** {@code create_diffusion(timestepRespacing)}: linear betas, T = 1000, epsilon, LEARNED_RANGE, MSE. */
    public static GaussianDiffusion create(String timestepRespacing) {
        return create(DiffusionConfig.of(timestepRespacing));
    }

    /** {@code create_diffusion(...)} with every argument taken from {@code config}. */
    public static GaussianDiffusion create(DiffusionConfig config) {
        double[] baseBetas = config.noiseSchedule().betas(config.diffusionSteps());
        DiffusionSchedule schedule = DiffusionSchedule.respaced(baseBetas, config.keptTimesteps());
        return new GaussianDiffusion(schedule, config.meanType(), config.varianceType(), config.lossType());
    }

    public DiffusionSchedule schedule() {
        return schedule;
    }

    public MeanType meanType() {
        return meanType;
    }

    public VarianceType varianceType() {
        return varianceType;
    }

    public LossType lossType() {
        return lossType;
    }

    /** Number of steps of this (respaced) chain. */
    public int numTimesteps() {
        return schedule.numTimesteps();
    }

    /** Original-scale timestep of each step of this chain ({@code SpacedDiffusion.timestep_map}). */
    public int[] timestepMap() {
        return schedule.timestepMap();
    }

    /** The timesteps the model sees for chain indices {@code t}: {@code timestep_map[t]}, LONG (N). */
    public INDArray modelTimesteps(int[] t) {
        long[] mapped = new long[t.length];
        for (int i = 0; i < t.length; i++) {
            mapped[i] = schedule.timestepMap[checkIndex(t[i])];
        }
        return Nd4j.createFromArray(mapped);
    }

    /**
     * Calls the model at chain indices {@code t} with original-scale timesteps ({@code _WrappedModel}) and
     * checks the output shape: (N, 2C, ...) for a learned variance, else (N, C, ...).
     */
    public INDArray applyModel(Denoiser model, INDArray x, int[] t, INDArray y) {
        INDArray output = model.apply(x, modelTimesteps(t), y);
        long[] expected = x.shape().clone();
        expected[1] = varianceType.isLearned() ? 2 * x.size(1) : x.size(1);
        if (!Arrays.equals(output.shape(), expected)) {
            throw new IllegalStateException("model output " + Arrays.toString(output.shape()) + " does not match "
                    + Arrays.toString(expected) + " expected for " + varianceType);
        }
        return output;
    }

    /** Diffuses x_0 to step t: x_t = sqrt(abar_t) x_0 + sqrt(1 - abar_t) noise ({@code q_sample}, DDPM eq. 4). */
    public INDArray qSample(INDArray xStart, int[] t, INDArray noise) {
        requireSameShape(xStart, noise, "noise");
        return Tensors.extract(schedule.sqrtAlphasCumprod, t, xStart).mul(xStart)
                .addi(Tensors.extract(schedule.sqrtOneMinusAlphasCumprod, t, xStart).mul(noise));
    }

    /** The true posterior q(x_{t-1} | x_t, x_0) ({@code q_posterior_mean_variance}, DDPM eq. 6-7). */
    public QPosterior qPosteriorMeanVariance(INDArray xStart, INDArray xT, int[] t) {
        INDArray mean = qPosteriorMean(xStart, xT, t);
        INDArray variance = broadcastCoefficient(schedule.posteriorVariance, xT, t);
        INDArray logVariance = broadcastCoefficient(schedule.posteriorLogVarianceClipped, xT, t);
        return new QPosterior(mean, variance, logVariance);
    }

    /** The mean alone of q(x_{t-1} | x_t, x_0), without building the two full-size variance arrays. */
    private INDArray qPosteriorMean(INDArray xStart, INDArray xT, int[] t) {
        requireSameShape(xT, xStart, "x_start");
        return Tensors.extract(schedule.posteriorMeanCoef1, t, xT).mul(xStart)
                .addi(Tensors.extract(schedule.posteriorMeanCoef2, t, xT).mul(xT));
    }

    /** Calls the model and derives p(x_{t-1} | x_t) from its output ({@code p_mean_variance}). */
    public PMeanVariance pMeanVariance(Denoiser model, INDArray x, int[] t, INDArray y, boolean clipDenoised) {
        return pMeanVarianceFromOutput(applyModel(model, x, t, y), x, t, clipDenoised);
    }

    /**
     * p(x_{t-1} | x_t) from a model output already computed: the body of {@code p_mean_variance}.
     * {@code clipDenoised} clamps the x_0 prediction to [-1, 1] before the mean is formed from it.
     */
    public PMeanVariance pMeanVarianceFromOutput(INDArray modelOutput, INDArray x, int[] t, boolean clipDenoised) {
        long c = x.size(1);
        INDArray meanOutput = Tensors.channels(modelOutput, 0, c);                  // (N, C, ...)
        INDArray logVariance;
        INDArray variance;
        if (varianceType.isLearned()) {
            logVariance = learnedLogVariance(Tensors.channels(modelOutput, c, 2 * c), x, t);
            variance = Transforms.exp(logVariance, true);
        } else {
            boolean small = varianceType == VarianceType.FIXED_SMALL;
            variance = broadcastCoefficient(small ? schedule.posteriorVariance : schedule.fixedLargeVariance, x, t);
            logVariance = broadcastCoefficient(small ? schedule.posteriorLogVarianceClipped
                    : schedule.fixedLargeLogVariance, x, t);
        }
        INDArray predXstart = meanType == MeanType.START_X ? meanOutput : predictXstartFromEps(x, t, meanOutput);
        if (clipDenoised) {
            predXstart = Transforms.min(Transforms.max(predXstart, -1.0, true), 1.0, false);
        }
        INDArray mean = qPosteriorMean(predXstart, x, t);
        return new PMeanVariance(mean, variance, logVariance, predXstart);
    }

    /** x_0 = sqrt(1/abar_t) x_t - sqrt(1/abar_t - 1) eps ({@code _predict_xstart_from_eps}, DDPM eq. 4 inverted). */
    public INDArray predictXstartFromEps(INDArray xT, int[] t, INDArray eps) {
        requireSameShape(xT, eps, "eps");
        return Tensors.extract(schedule.sqrtRecipAlphasCumprod, t, xT).mul(xT)
                .subi(Tensors.extract(schedule.sqrtRecipm1AlphasCumprod, t, xT).mul(eps));
    }

    /** eps = (sqrt(1/abar_t) x_t - x_0) / sqrt(1/abar_t - 1) ({@code _predict_eps_from_xstart}). */
    public INDArray predictEpsFromXstart(INDArray xT, int[] t, INDArray predXstart) {
        requireSameShape(xT, predXstart, "pred_xstart");
        return Tensors.extract(schedule.sqrtRecipAlphasCumprod, t, xT).mul(xT).subi(predXstart)
                .divi(Tensors.extract(schedule.sqrtRecipm1AlphasCumprod, t, xT));
    }

    /**
     * The model's log-variance from its last C channels: for LEARNED_RANGE, with f = (v + 1) / 2,
     * f log(beta_t) + (1 - f) log(beta~_t) (improved-DDPM eq. 15); for LEARNED, v itself.
     */
    private INDArray learnedLogVariance(INDArray varValues, INDArray x, int[] t) {
        if (varianceType == VarianceType.LEARNED) {
            return varValues.dup();
        }
        INDArray minLog = Tensors.extract(schedule.posteriorLogVarianceClipped, t, x);   // (N, 1, ...)
        INDArray maxLog = Tensors.extract(schedule.logBetas, t, x);
        INDArray frac = varValues.add(1.0).divi(2.0);                                 // (N, C, ...)
        return frac.mul(maxLog).addi(frac.rsub(1.0).muli(minLog));
    }

    /** A per-step schedule value broadcast to the full shape of x, as the reference's tensors are. */
    private static INDArray broadcastCoefficient(double[] values, INDArray x, int[] t) {
        return Tensors.broadcastTo(Tensors.extract(values, t, x), x.shape());
    }

    private int checkIndex(int index) {
        if (index < 0 || index >= schedule.numTimesteps()) {
            throw new IllegalArgumentException("timestep index " + index + " outside this chain's [0, "
                    + schedule.numTimesteps() + ")");
        }
        return index;
    }

    private static void requireSameShape(INDArray reference, INDArray other, String name) {
        if (!reference.equalShapes(other)) {
            throw new IllegalArgumentException(name + " shape " + Arrays.toString(other.shape())
                    + " differs from " + Arrays.toString(reference.shape()));
        }
    }
}
