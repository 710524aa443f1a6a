package org.ditjava.diffusion;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The exact epsilon-prediction for data whose every channel is an independent 1-D mixture of Gaussians (one
 * component: a plain Gaussian), computed in float64. For x_0 ~ N(m, s^2) the marginal of x_t = sqrt(abar) x_0
 * + sqrt(1 - abar) eps is N(sqrt(abar) m, v) with v = abar s^2 + 1 - abar, and E[eps | x_t] = sqrt(1 - abar)
 * (x_t - sqrt(abar) m) / v; for a mixture each component's term is weighted by its posterior responsibility
 * r_k ~ w_k N(x_t; sqrt(abar) m_k, v_k). In EDM's variables (sigma = sqrt((1 - abar) / abar), x^ = x_t /
 * sqrt(abar)) the probability-flow ODE is dx^/dsigma = eps; for one Gaussian it is linear and solved by
 * x^(sigma) = m + (x^(sigma') - m) sqrt(s^2 + sigma^2) / sqrt(s^2 + sigma'^2).
 */
final class ExactScore implements Denoiser {

    /** A 1-D Gaussian mixture. */
    record Mixture(double[] weights, double[] means, double[] stds) {
        static Mixture gaussian(double mean, double std) {
            return new Mixture(new double[] {1}, new double[] {mean}, new double[] {std});
        }

        double mean() {
            double m = 0;
            for (int k = 0; k < weights.length; k++) {
                m += weights[k] * means[k];
            }
            return m;
        }

        double variance() {
            double second = 0;
            for (int k = 0; k < weights.length; k++) {
                second += weights[k] * (stds[k] * stds[k] + means[k] * means[k]);
            }
            return second - mean() * mean();
        }

        /** E[eps | x_t = x] at cumulative alpha {@code abar}. */
        double eps(double x, double abar) {
            double a = Math.sqrt(abar);
            double[] logR = new double[weights.length];
            double max = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < weights.length; k++) {
                double v = abar * stds[k] * stds[k] + 1 - abar;
                double d = x - a * means[k];
                logR[k] = Math.log(weights[k]) - 0.5 * Math.log(v) - 0.5 * d * d / v;
                max = Math.max(max, logR[k]);
            }
            double norm = 0;
            double sum = 0;
            for (int k = 0; k < weights.length; k++) {
                double r = Math.exp(logR[k] - max);
                double v = abar * stds[k] * stds[k] + 1 - abar;
                norm += r;
                sum += r * Math.sqrt(1 - abar) * (x - a * means[k]) / v;
            }
            return sum / norm;
        }

        /** dx^/dsigma at (x^, sigma): eps(x^ / sqrt(1 + sigma^2), abar = 1 / (1 + sigma^2)). */
        double slope(double xHat, double sigma) {
            double abar = 1 / (1 + sigma * sigma);
            return eps(xHat * Math.sqrt(abar), abar);
        }
    }

    private final Mixture[] channels;
    private final double[] abar;
    private final boolean learnedVariance;
    int calls;

    /**
     * @param channels        the data distribution of each channel
     * @param base            the ORIGINAL chain (the model sees original-scale timesteps)
     * @param learnedVariance append C variance channels (value 0: halfway between beta~ and beta in log space)
     */
    ExactScore(Mixture[] channels, DiffusionSchedule base, boolean learnedVariance) {
        this.channels = channels.clone();
        this.abar = base.alphasCumprod();
        this.learnedVariance = learnedVariance;
    }

    @Override
    public INDArray apply(INDArray x, INDArray t, INDArray y) {
        calls++;
        long n = x.size(0);
        int c = (int) x.size(1);
        int per = (int) (x.length() / n / c);
        float[] in = x.castTo(DataType.FLOAT).dup().data().asFloat();
        float[] out = new float[in.length];
        for (int i = 0; i < n; i++) {
            double ab = abar[(int) t.getLong(i)];
            for (int ch = 0; ch < c; ch++) {
                for (int e = 0; e < per; e++) {
                    int at = (i * c + ch) * per + e;
                    out[at] = (float) channels[ch].eps(in[at], ab);
                }
            }
        }
        INDArray eps = Nd4j.createFromArray(out).reshape(x.shape());
        return learnedVariance ? Nd4j.concat(1, eps, Nd4j.zerosLike(eps)) : eps;   // (N, 2C or C, H, W)
    }

    /**
     * Where the exact flow takes x_T (at the last timestep of {@code base}) by the time it reaches timestep
     * 0, followed by the final step every sampler here shares: x_0 = x^ - sigma_0 eps (the x_0 prediction at
     * timestep 0). The flow is solved by RK4 in u = log sigma with {@code substeps} steps, in float64.
     */
    static double flowToData(Mixture data, DiffusionSchedule base, double xT, int substeps) {
        double[] ab = base.alphasCumprod();
        double sigmaMax = sigma(ab[ab.length - 1]);
        double sigma0 = sigma(ab[0]);
        double xHat = xT / Math.sqrt(ab[ab.length - 1]);
        double u = Math.log(sigmaMax);
        double du = (Math.log(sigma0) - u) / substeps;
        for (int k = 0; k < substeps; k++) {
            double k1 = rate(data, xHat, u);
            double k2 = rate(data, xHat + du / 2 * k1, u + du / 2);
            double k3 = rate(data, xHat + du / 2 * k2, u + du / 2);
            double k4 = rate(data, xHat + du * k3, u + du);
            xHat += du / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
            u += du;
        }
        return xHat - sigma0 * data.slope(xHat, sigma0);
    }

    /** The same, in closed form, for a single Gaussian N(m, s^2). */
    static double gaussianFlowToData(double m, double s, DiffusionSchedule base, double xT) {
        double[] ab = base.alphasCumprod();
        double sigmaMax = sigma(ab[ab.length - 1]);
        double sigma0 = sigma(ab[0]);
        double xHat = m + (xT / Math.sqrt(ab[ab.length - 1]) - m) * Math.sqrt(s * s + sigma0 * sigma0)
                / Math.sqrt(s * s + sigmaMax * sigmaMax);
        return xHat - sigma0 * Mixture.gaussian(m, s).slope(xHat, sigma0);
    }

    /** dx^/du with u = log sigma. */
    private static double rate(Mixture data, double xHat, double u) {
        double sigma = Math.exp(u);
        return sigma * data.slope(xHat, sigma);
    }

    static double sigma(double abar) {
        return Math.sqrt((1 - abar) / abar);
    }
}
