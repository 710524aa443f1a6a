package org.ditjava.diffusion;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Gaussian densities used by the variational bound: facebookresearch/DiT {@code diffusion/diffusion_utils.py}
 * (from improved-DDPM / ADM). All inputs are float32 tensors of one shape and every step runs in float32,
 * as in the reference: in the far tails of {@link #discretizedGaussianLogLikelihood} the tanh-based CDF
 * cancels catastrophically, so a float64 evaluation would differ from the reference by up to ~1e-3 relative.
 *
 * <p>The one exception is tanh itself, evaluated in float64 and rounded once to float32 (the correctly
 * rounded float32 tanh). ND4J 1.0.0-M2.1's float32 tanh is off by 1-2 ulps on about 40 % of inputs (measured
 * on a sweep of [-12, 12]); near tanh = -1 the CDF 0.5 (1 + tanh) is a small multiple of the float32 spacing
 * below 1 (6e-8), so one ulp there is a relative change of the bin probability of up to ~100 %, and over a
 * sample's elements of a few % of its decoder NLL where the model's mean is far from x (t far from 0).
 * PyTorch's float32 tanh (SLEEF, 1-ulp) gives the correctly rounded value on the fixture's inputs: with it
 * the decoder NLL of every fixture sample matches to 1e-7 relative (before: 1.1e-3).
 */
public final class Gaussians {

    /** Half-width of a pixel bin for data scaled from uint8 to [-1, 1]. */
    private static final double BIN = 1.0 / 255.0;
    /** x below -EDGE (above EDGE) is the lowest (highest) pixel value: its bin extends to -inf (+inf). */
    private static final float EDGE = 0.999f;
    /** Probabilities are clamped here before the log. */
    private static final double MIN_PROBABILITY = 1e-12;

    private Gaussians() {
    }

    /**
     * KL(N(mean1, exp(logvar1)) || N(mean2, exp(logvar2))) elementwise, in nats ({@code normal_kl}).
     */
    public static INDArray normalKl(INDArray mean1, INDArray logvar1, INDArray mean2, INDArray logvar2) {
        INDArray diff = mean1.sub(mean2);
        INDArray sum = logvar2.sub(1.0).sub(logvar1)                     // -1 + logvar2 - logvar1
                .addi(Transforms.exp(logvar1.sub(logvar2), false))        // + exp(logvar1 - logvar2)
                .addi(diff.muli(diff).muli(Transforms.exp(logvar2.neg(), false)));   // + (m1-m2)^2 exp(-logvar2)
        return sum.muli(0.5);
    }

    /**
     * The tanh approximation of the standard normal CDF, 0.5 (1 + tanh(sqrt(2/pi) (x + 0.044715 x^3)))
     * ({@code approx_standard_normal_cdf}).
     */
    public static INDArray approxStandardNormalCdf(INDArray x) {
        INDArray cubic = x.mul(x).muli(x).muli(0.044715).addi(x);       // x + 0.044715 x^3
        INDArray argument = cubic.muli(Math.sqrt(2.0 / Math.PI));
        INDArray tanh = Transforms.tanh(argument.castTo(DataType.DOUBLE), false).castTo(argument.dataType());
        return tanh.addi(1.0).muli(0.5);
    }

    /**
     * Log-likelihood (nats, elementwise) of {@code x} (pixels scaled to [-1, 1]) under a Gaussian with
     * {@code means} and {@code logScales} (log standard deviation), discretized to bins of width 2/255 with
     * open-ended outer bins ({@code discretized_gaussian_log_likelihood}). The edge tests x &lt; -0.999 and
     * x &gt; 0.999 compare in float32, so float32(-0.999) itself is an inner value.
     */
    public static INDArray discretizedGaussianLogLikelihood(INDArray x, INDArray means, INDArray logScales) {
        if (!x.equalShapes(means) || !x.equalShapes(logScales)) {
            throw new IllegalArgumentException("x, means and logScales must have one shape");
        }
        INDArray centered = x.sub(means);
        INDArray invStdv = Transforms.exp(logScales.neg(), false);
        INDArray cdfPlus = approxStandardNormalCdf(invStdv.mul(centered.add(BIN)));
        INDArray cdfMin = approxStandardNormalCdf(invStdv.mul(centered.sub(BIN)));
        INDArray logCdfPlus = clampedLog(cdfPlus);
        INDArray logOneMinusCdfMin = clampedLog(cdfMin.rsub(1.0));
        INDArray logCdfDelta = clampedLog(cdfPlus.sub(cdfMin));
        INDArray upper = Tensors.select(x.gt(EDGE), logOneMinusCdfMin, logCdfDelta);
        return Tensors.select(x.lt(-EDGE), logCdfPlus, upper);
    }

    private static INDArray clampedLog(INDArray p) {
        return Transforms.log(Transforms.max(p, MIN_PROBABILITY, true), false);
    }
}
