package org.ditjava.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.ditjava.diffusion.DiffusionLosses;
import org.ditjava.diffusion.GaussianDiffusion;
import org.ditjava.diffusion.TrainingLosses;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The SameDiff hybrid loss against dit-diffusion's host {@link DiffusionLosses} (itself at parity with
 * the official code) on the same model output, and its gradient: ε̂ learns from the MSE only (the
 * stop-gradient holds), the variance channels from the bound (matching central differences).
 */
class HybridLossTest {
    private static final int N = 6;
    private static final int C = 2;
    private static final int S = 4;
    /** Chain indices: t = 0 (decoder NLL) and KL steps across the chain. */
    private static final int[] T = {0, 1, 7, 250, 640, 999};

    private final GaussianDiffusion diffusion = GaussianDiffusion.create("");
    private final TimestepCoefficients coefficients = new TimestepCoefficients(diffusion);

    /** A loss graph whose "model output" is a plain variable, so gradients w.r.t. it can be read. */
    private record Probe(SameDiff sd, SDVariable output, SDVariable xT, HybridLoss.Handles loss) {
        static Probe build(DataType dtype, INDArray output) {
            SameDiff sd = SameDiff.create();
            SDVariable out = sd.var("output", output.castTo(dtype));
            SDVariable xT = sd.placeHolder("x_t", dtype, -1, C, S, S);
            HybridLoss.Handles h = HybridLoss.attach(sd, out, xT, C, S, true, dtype);
            sd.setLossVariables(h.loss());
            return new Probe(sd, out, xT, h);
        }
    }

    private final Random random = new Random(5);
    private final INDArray xStart = pixels();
    private final INDArray noise = gaussian(N, C, S, S);
    private final INDArray xT = diffusion.qSample(xStart, T, noise);
    private final INDArray output = gaussian(N, 2 * C, S, S).muli(0.7);

    @Test
    void valuesMatchTheHostLosses() {
        Probe p = Probe.build(DataType.FLOAT, output);
        Map<String, INDArray> got = p.sd().output(feed(p, DataType.FLOAT),
                p.loss().mse().name(), p.loss().vb().name(), p.loss().perSample().name(), p.loss().loss().name());
        TrainingLosses want = new DiffusionLosses(diffusion).lossesFromOutput(output, xStart, xT, T, noise);
        assertClose(want.mse(), got.get(p.loss().mse().name()), "mse");
        assertClose(want.vb(), got.get(p.loss().vb().name()), "vb");
        assertClose(want.loss(), got.get(p.loss().perSample().name()), "loss");
        assertEquals(want.loss().meanNumber().doubleValue(), got.get(p.loss().loss().name()).getDouble(0),
                1e-5 * Math.abs(want.loss().meanNumber().doubleValue()));
    }

    @Test
    void epsilonLearnsOnlyFromTheMseAndVarianceFromTheBound() {
        Probe p = Probe.build(DataType.DOUBLE, output);
        Map<String, INDArray> ph = feed(p, DataType.DOUBLE);
        INDArray grad = p.sd().calculateGradients(ph, List.of("output")).get("output");
        INDArray epsGrad = channels(grad, 0, C);
        INDArray eps = channels(output.castTo(DataType.DOUBLE), 0, C);
        INDArray mseGrad = noise.castTo(DataType.DOUBLE).sub(eps).muli(-2.0 / (N * C * S * S));
        assertTrue(epsGrad.equalsWithEps(mseGrad, 1e-12), "ε̂ gradient is not the MSE gradient alone");
        double maxBoundOnEps = 0;
        for (int[] at : List.of(new int[] {1, 0, 1, 2}, new int[] {2, 1, 3, 0}, new int[] {4, 0, 0, 0})) {
            double numeric = centralDifference(p, ph, at);
            double mseOnly = mseGrad.getDouble(at[0], at[1], at[2], at[3]);
            maxBoundOnEps = Math.max(maxBoundOnEps, Math.abs(numeric - mseOnly));
        }
        assertTrue(maxBoundOnEps > 1e-6, "the bound does depend on ε̂, so the stop-gradient is what removes it");
        for (int[] at : List.of(new int[] {0, 2, 0, 1}, new int[] {1, 3, 2, 2}, new int[] {3, 2, 3, 3},
                new int[] {5, 3, 1, 0})) {
            double numeric = centralDifference(p, ph, at);
            double analytic = grad.getDouble(at[0], at[1], at[2], at[3]);
            assertEquals(numeric, analytic, 1e-7 + 1e-5 * Math.abs(numeric), "variance gradient at " + List.of(at));
        }
    }

    private double centralDifference(Probe p, Map<String, INDArray> ph, int[] at) {
        INDArray w = p.sd().getArrForVarName("output");
        double h = 1e-6;
        double orig = w.getDouble(at[0], at[1], at[2], at[3]);
        w.putScalar(new long[] {at[0], at[1], at[2], at[3]}, orig + h);
        double plus = lossOf(p, ph);
        w.putScalar(new long[] {at[0], at[1], at[2], at[3]}, orig - h);
        double minus = lossOf(p, ph);
        w.putScalar(new long[] {at[0], at[1], at[2], at[3]}, orig);
        return (plus - minus) / (2 * h);
    }

    private static double lossOf(Probe p, Map<String, INDArray> ph) {
        return p.sd().output(ph, p.loss().loss().name()).get(p.loss().loss().name()).getDouble(0);
    }

    private Map<String, INDArray> feed(Probe p, DataType dtype) {
        Map<String, INDArray> m = new HashMap<>();
        m.put(p.xT().name(), xT.castTo(dtype));
        m.put(p.loss().xStart().name(), xStart.castTo(dtype));
        m.put(p.loss().noise().name(), noise.castTo(dtype));
        for (HybridLoss.Coefficient c : HybridLoss.Coefficient.values()) {
            m.put(c.placeholderName(), coefficients.lookup(c, T).castTo(dtype));
        }
        return m;
    }

    /** Pixel values on the uint8 grid in [−1, 1], both edge values included. */
    private INDArray pixels() {
        INDArray x = Nd4j.create(DataType.FLOAT, N, C, S, S);
        for (long i = 0; i < x.length(); i++) {
            int v = i % 17 == 0 ? 0 : i % 13 == 0 ? 255 : random.nextInt(256);
            x.putScalar(i, v / 127.5f - 1f);
        }
        return x;
    }

    private INDArray gaussian(long... shape) {
        INDArray x = Nd4j.create(DataType.FLOAT, shape);
        for (long i = 0; i < x.length(); i++) {
            x.putScalar(i, (float) random.nextGaussian());
        }
        return x;
    }

    private static INDArray channels(INDArray x, int from, int count) {
        return x.get(NDArrayIndex.all(), NDArrayIndex.interval(from, from + count), NDArrayIndex.all(),
                NDArrayIndex.all());
    }

    private static void assertClose(INDArray want, INDArray got, String what) {
        for (long i = 0; i < want.length(); i++) {
            double w = want.getDouble(i);
            assertEquals(w, got.getDouble(i), 2e-5 * Math.max(1, Math.abs(w)), what + "[" + i + "]");
        }
    }
}
