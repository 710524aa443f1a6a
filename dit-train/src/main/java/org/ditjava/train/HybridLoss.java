package org.ditjava.train;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ops.impl.controlflow.compat.StopGradient;

/**
 * The training objective of DiT in SameDiff: improved-DDPM's hybrid loss L_simple + L_vb (Nichol &amp;
 * Dhariwal 2021, §3.1, eq. 16; facebookresearch/DiT {@code diffusion/gaussian_diffusion.py}
 * {@code training_losses} with {@code LossType.MSE} and a learned-range variance). Per sample:
 * <pre>
 *   mse = mean_CHW (ε − ε̂)²
 *   vb  = KL(q(x_{t−1} | x_t, x_0) ‖ p(x_{t−1} | x_t)) / ln 2     (t &gt; 0)
 *       = −log p(x_0 | x_1) / ln 2, discretized Gaussian decoder    (t = 0)
 *   loss = mean_N (mse + vb)
 * </pre>
 * As in the reference ({@code frozen_out = cat([model_output.detach(), model_var_values])}), the
 * bound sees ε̂ through a stop-gradient, so only the variance channels learn from it; here that is
 * libnd4j's {@code stop_gradient} op (its backward pass is zeros), proven by {@code HybridLossTest}.
 * The graph mirrors {@link org.ditjava.diffusion.DiffusionLosses} step by step in float32.
 *
 * <p>Deviations: the x_0 masks of the decoder's open-ended outer bins and the clamp of probabilities
 * at 1e-12 are written as products and {@code relu(p − 1e-12) + 1e-12}, which have the same values
 * (every term is finite) and usable gradients.
 */
public final class HybridLoss {
    private static final double LN_2 = Math.log(2.0);
    private static final double BIN = 1.0 / 255.0;
    private static final double EDGE = 0.999;
    private static final double MIN_PROBABILITY = 1e-12;

    /** The per-sample schedule values fed as (N, 1, 1, 1) placeholders. */
    public enum Coefficient {
        SQRT_RECIP_ALPHAS_CUMPROD, SQRT_RECIPM1_ALPHAS_CUMPROD, POSTERIOR_MEAN_COEF1, POSTERIOR_MEAN_COEF2,
        POSTERIOR_LOG_VARIANCE_CLIPPED, LOG_BETAS, IS_FIRST_STEP;

        /** Placeholder name, {@code loss.posterior_mean_coef1}. */
        public String placeholderName() {
            return "loss." + name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Handles of the loss part of a training graph.
     *
     * @param xStart       placeholder x_0 (N, C, H, W)
     * @param noise        placeholder ε (N, C, H, W), the noise x_t was made with
     * @param coefficients placeholder per {@link Coefficient}, (N, 1, 1, 1)
     * @param mse          per-sample mean squared error of ε̂ (N)
     * @param vb           per-sample bound term in bits (N); null when the variance is not learned
     * @param perSample    mse + vb (N)
     * @param loss         mean of {@code perSample}: the scalar that is differentiated
     */
    public record Handles(SDVariable xStart, SDVariable noise, Map<Coefficient, SDVariable> coefficients,
                          SDVariable mse, SDVariable vb, SDVariable perSample, SDVariable loss) {
        public Handles {
            coefficients = Map.copyOf(coefficients);
        }
    }

    private HybridLoss() {
    }

    /**
     * Adds the loss to {@code sd}.
     *
     * @param output     model output (N, 2C, H, W) = [ε̂ | variance values], or (N, C, H, W) without learnSigma
     * @param xT         the model's input x_t (N, C, H, W)
     * @param channels   C
     * @param learnSigma whether {@code output} carries the variance channels (adds the vb term)
     */
    public static Handles attach(SameDiff sd, SDVariable output, SDVariable xT, int channels, int size,
                                 boolean learnSigma, DataType dtype) {
        SDVariable xStart = sd.placeHolder("loss.x_start", dtype, -1, channels, size, size);  // (N, C, H, W)
        SDVariable noise = sd.placeHolder("loss.noise", dtype, -1, channels, size, size);     // (N, C, H, W)
        Map<Coefficient, SDVariable> k = new EnumMap<>(Coefficient.class);
        for (Coefficient c : Coefficient.values()) {
            k.put(c, sd.placeHolder(c.placeholderName(), dtype, -1, 1, 1, 1));                // (N, 1, 1, 1)
        }
        SDVariable eps = learnSigma ? channels(sd, output, 0, channels) : output;            // (N, C, H, W)
        SDVariable err = noise.sub(eps);
        SDVariable mse = meanFlat(err.mul(err));                                              // (N)
        if (!learnSigma) {
            return new Handles(xStart, noise, k, mse, null, mse, mse.mean());
        }
        SDVariable frozenEps = new StopGradient(sd, eps).outputVariable();                    // (N, C, H, W)
        SDVariable varValues = channels(sd, output, channels, channels);                      // (N, C, H, W)
        SDVariable vb = vbTermsBits(sd, k, xStart, xT, frozenEps, varValues);                 // (N)
        SDVariable perSample = mse.add(vb);                                                   // (N)
        return new Handles(xStart, noise, k, mse, vb, perSample, perSample.mean());
    }

    /** {@code _vb_terms_bpd} with clip_denoised = False: decoder NLL where t = 0, else the KL. */
    private static SDVariable vbTermsBits(SameDiff sd, Map<Coefficient, SDVariable> k, SDVariable xStart,
                                          SDVariable xT, SDVariable eps, SDVariable varValues) {
        SDVariable minLog = k.get(Coefficient.POSTERIOR_LOG_VARIANCE_CLIPPED);                // (N, 1, 1, 1)
        SDVariable frac = varValues.add(1.0).div(2.0);                                        // (N, C, H, W)
        SDVariable logVar = frac.mul(k.get(Coefficient.LOG_BETAS)).add(frac.rsub(1.0).mul(minLog));
        SDVariable predX0 = k.get(Coefficient.SQRT_RECIP_ALPHAS_CUMPROD).mul(xT)
                .sub(k.get(Coefficient.SQRT_RECIPM1_ALPHAS_CUMPROD).mul(eps));                // (N, C, H, W)
        SDVariable pMean = posteriorMean(k, predX0, xT);
        SDVariable qMean = posteriorMean(k, xStart, xT);
        SDVariable kl = meanFlat(normalKl(sd, qMean, minLog, pMean, logVar)).div(LN_2);       // (N)
        SDVariable nll = meanFlat(discretizedLogLikelihood(sd, xStart, pMean, logVar.mul(0.5)).neg()).div(LN_2);
        SDVariable first = k.get(Coefficient.IS_FIRST_STEP).reshape(-1);                      // (N)
        return first.mul(nll).add(first.rsub(1.0).mul(kl));                                   // (N)
    }

    private static SDVariable posteriorMean(Map<Coefficient, SDVariable> k, SDVariable x0, SDVariable xT) {
        return k.get(Coefficient.POSTERIOR_MEAN_COEF1).mul(x0)
                .add(k.get(Coefficient.POSTERIOR_MEAN_COEF2).mul(xT));                        // (N, C, H, W)
    }

    /** {@code normal_kl}: 0.5 (−1 + lv2 − lv1 + e^(lv1 − lv2) + (m1 − m2)² e^(−lv2)), elementwise, nats. */
    private static SDVariable normalKl(SameDiff sd, SDVariable mean1, SDVariable logVar1, SDVariable mean2,
                                       SDVariable logVar2) {
        SDVariable diff = mean1.sub(mean2);
        return logVar2.sub(1.0).sub(logVar1)
                .add(sd.math.exp(logVar1.sub(logVar2)))
                .add(diff.mul(diff).mul(sd.math.exp(logVar2.neg())))
                .mul(0.5);
    }

    /** {@code discretized_gaussian_log_likelihood} (nats, elementwise) for x_0 in [−1, 1], bins of 2/255. */
    private static SDVariable discretizedLogLikelihood(SameDiff sd, SDVariable x, SDVariable means,
                                                       SDVariable logScales) {
        SDVariable centered = x.sub(means);
        SDVariable invStdv = sd.math.exp(logScales.neg());
        SDVariable cdfPlus = approxStandardNormalCdf(sd, invStdv.mul(centered.add(BIN)));
        SDVariable cdfMin = approxStandardNormalCdf(sd, invStdv.mul(centered.sub(BIN)));
        SDVariable logCdfPlus = clampedLog(sd, cdfPlus);
        SDVariable logOneMinusCdfMin = clampedLog(sd, cdfMin.rsub(1.0));
        SDVariable logCdfDelta = clampedLog(sd, cdfPlus.sub(cdfMin));
        DataType dtype = x.dataType();
        SDVariable low = x.lt(-EDGE).castTo(dtype);                                            // x < −0.999
        SDVariable high = x.gt(EDGE).castTo(dtype);                                            // x > 0.999
        SDVariable inner = high.mul(logOneMinusCdfMin).add(high.rsub(1.0).mul(logCdfDelta));
        return low.mul(logCdfPlus).add(low.rsub(1.0).mul(inner));
    }

    /**
     * 0.5 (1 + tanh(√(2/π) (x + 0.044715 x³))), with tanh evaluated in float64 and rounded once to the
     * input's type, as dit-diffusion's {@code Gaussians.approxStandardNormalCdf} does (ND4J's float32 tanh
     * is 1-2 ulps off, which the far tails of the decoder NLL magnify; see that class).
     */
    private static SDVariable approxStandardNormalCdf(SameDiff sd, SDVariable x) {
        SDVariable cubic = x.mul(x).mul(x).mul(0.044715).add(x);                    // x + 0.044715 x³
        SDVariable arg = cubic.mul(Math.sqrt(2.0 / Math.PI)).castTo(DataType.DOUBLE);
        return sd.math.tanh(arg).castTo(x.dataType()).add(1.0).mul(0.5);
    }

    /** log(max(p, 1e-12)). */
    private static SDVariable clampedLog(SameDiff sd, SDVariable p) {
        return sd.math.log(sd.nn.relu(p.sub(MIN_PROBABILITY), 0.0).add(MIN_PROBABILITY));
    }

    /** Channels [from, from + count) of an (N, C', H, W) variable. */
    private static SDVariable channels(SameDiff sd, SDVariable x, int from, int count) {
        return sd.slice(x, new int[] {0, from, 0, 0}, new int[] {-1, count, -1, -1});
    }

    /** Mean over every axis but the first: (N, ...) → (N). */
    private static SDVariable meanFlat(SDVariable x) {
        return x.mean(1, 2, 3);
    }
}
