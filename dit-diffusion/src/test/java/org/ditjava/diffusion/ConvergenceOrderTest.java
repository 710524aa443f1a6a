package org.ditjava.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The deterministic samplers against the exact probability-flow ODE of known data ({@link ExactScore}): the
 * RMS error of the final samples, over 64 starting points x_T, falls with the step count N at the sampler's
 * theoretical order. The order is the slope of a least-squares line through (log N, log error) over five step
 * counts in the sampler's asymptotic range (found on this schedule: below it DPM-Solver++'s large last
 * lambda step dominates); it must lie within {@link #SLOPE_TOLERANCE} of -order. The chain is DiT's (linear
 * betas, T = 1000) respaced to N evenly spaced timesteps; the reference is the exact flow from timestep 999 to
 * timestep 0 followed by the final x_0 step every sampler shares (see {@link ExactScore#flowToData}), so a
 * sampler is measured on what it discretises. Samples are float32; the smallest errors here (~1e-3) are far
 * above float32 rounding.
 */
class ConvergenceOrderTest {

    /** |fitted slope + order| must be at most this. */
    static final double SLOPE_TOLERANCE = 0.2;

    private static final DiffusionConfig BASE = DiffusionConfig.of("");
    private static final DiffusionSchedule BASE_SCHEDULE = GaussianDiffusion.create(BASE).schedule();
    private static final long[] SHAPE = {4, 1, 4, 4};
    private static final ExactScore.Mixture GAUSSIAN = ExactScore.Mixture.gaussian(0.3, 0.5);
    private static final ExactScore.Mixture MIXTURE = new ExactScore.Mixture(new double[] {0.4, 0.6},
            new double[] {-0.6, 0.5}, new double[] {0.15, 0.25});

    /** An ODE sampler, its order and the step counts of its asymptotic range. */
    enum OdeKind {
        DDIM(1, new int[] {16, 24, 36, 54, 81}, (d, unused) -> new DdimSampler(d, false, 0.0)),
        DPM_SOLVER_PP_2M(2, new int[] {81, 121, 181, 271, 406}, (d, unused) -> new DpmSolverPlusPlusSampler(d, false, false)),
        HEUN(2, new int[] {11, 16, 21, 31, 41}, (d, unused) -> new HeunSampler(d, false));

        final int order;
        final int[] steps;
        final BiFunction<GaussianDiffusion, Void, Sampler> factory;

        OdeKind(int order, int[] steps, BiFunction<GaussianDiffusion, Void, Sampler> factory) {
            this.order = order;
            this.steps = steps;
            this.factory = factory;
        }

        Sampler on(int steps) {
            return factory.apply(GaussianDiffusion.create(BASE.toBuilder().timestepRespacing(Integer.toString(steps))
                    .build()), null);
        }
    }

    @ParameterizedTest
    @EnumSource(OdeKind.class)
    void errorAgainstTheClosedFormGaussianFlowFallsAtTheTheoreticalOrder(OdeKind kind) {
        INDArray xT = new GaussianNoise(11).next(SHAPE);
        double[] reference = map(xT, v -> ExactScore.gaussianFlowToData(0.3, 0.5, BASE_SCHEDULE, v));
        assertOrder(kind, GAUSSIAN, xT, reference);
    }

    @ParameterizedTest
    @EnumSource(OdeKind.class)
    void errorAgainstTheMixtureFlowFallsAtTheTheoreticalOrder(OdeKind kind) {
        INDArray xT = new GaussianNoise(12).next(SHAPE);
        double[] reference = map(xT, v -> ExactScore.flowToData(MIXTURE, BASE_SCHEDULE, v, 4000));
        assertOrder(kind, MIXTURE, xT, reference);
    }

    @Test
    void theReferenceSolverMatchesTheClosedForm() {
        for (double xT : new double[] {-2.5, -0.3, 0.0, 0.7, 3.1}) {
            assertEquals(ExactScore.gaussianFlowToData(0.3, 0.5, BASE_SCHEDULE, xT),
                    ExactScore.flowToData(GAUSSIAN, BASE_SCHEDULE, xT, 4000), 1e-9, "x_T = " + xT);
        }
    }

    /** The deviation documented on {@link DpmSolverPlusPlusSampler}: a first-order final step is better at few steps. */
    @Test
    void lowerOrderFinalIsMoreAccurateAtFewSteps() {
        INDArray xT = new GaussianNoise(13).next(SHAPE);
        double[] reference = map(xT, v -> ExactScore.flowToData(MIXTURE, BASE_SCHEDULE, v, 4000));
        for (int steps : new int[] {10, 20}) {
            GaussianDiffusion d = GaussianDiffusion.create(Integer.toString(steps));
            double lower = error(new DpmSolverPlusPlusSampler(d, false, true), MIXTURE, xT, reference);
            double second = error(new DpmSolverPlusPlusSampler(d, false, false), MIXTURE, xT, reference);
            double ddim = error(new DdimSampler(d, false, 0.0), MIXTURE, xT, reference);
            assertTrue(lower < 0.75 * second, steps + " steps: lower-order final " + lower + " vs " + second);
            assertTrue(lower < ddim, steps + " steps: DPM-Solver++ " + lower + " vs DDIM " + ddim);
        }
    }

    private static void assertOrder(OdeKind kind, ExactScore.Mixture data, INDArray xT, double[] reference) {
        double[] logN = new double[kind.steps.length];
        double[] logError = new double[kind.steps.length];
        StringBuilder trace = new StringBuilder();
        for (int k = 0; k < kind.steps.length; k++) {
            double e = error(kind.on(kind.steps[k]), data, xT, reference);
            logN[k] = Math.log(kind.steps[k]);
            logError[k] = Math.log(e);
            trace.append(String.format(java.util.Locale.ROOT, " N=%d:%.3e", kind.steps[k], e));
        }
        double slope = slope(logN, logError);
        System.out.printf(java.util.Locale.ROOT, "%s on %s: slope %.3f from%s%n", kind,
                data.weights().length == 1 ? "Gaussian" : "mixture", slope, trace);
        assertEquals(-kind.order, slope, SLOPE_TOLERANCE, kind + " slope " + slope + " from" + trace);
    }

    static double error(Sampler sampler, ExactScore.Mixture data, INDArray xT, double[] reference) {
        ExactScore score = new ExactScore(new ExactScore.Mixture[] {data}, BASE_SCHEDULE, true);
        INDArray out = sampler.sampleLoop(score, SHAPE, null, xT.dup(), new GaussianNoise(0), SamplingListener.NONE);
        assertEquals(sampler.modelEvaluations(), score.calls, "model evaluations");
        double[] got = out.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
        double sum = 0;
        for (int i = 0; i < got.length; i++) {
            sum += (got[i] - reference[i]) * (got[i] - reference[i]);
        }
        return Math.sqrt(sum / got.length);
    }

    private static double[] map(INDArray xT, java.util.function.DoubleUnaryOperator f) {
        double[] values = xT.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = f.applyAsDouble(values[i]);
        }
        return out;
    }

    /** Least-squares slope of y on x. */
    private static double slope(double[] x, double[] y) {
        double mx = 0;
        double my = 0;
        for (int i = 0; i < x.length; i++) {
            mx += x[i] / x.length;
            my += y[i] / x.length;
        }
        double sxy = 0;
        double sxx = 0;
        for (int i = 0; i < x.length; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
        }
        return sxy / sxx;
    }
}
