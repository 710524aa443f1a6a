package org.ditjava.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Backpropagation through every block design against central differences in float64 (own check:
 * {@code GradCheckUtil} needs the global default type set to double and fails on the gradient-free
 * timestep placeholder). Loss = Σ out ⊙ R for a fixed random R; weights random everywhere so that the
 * zero-initialised paths carry gradient too. A few entries of every tensor are probed.
 */
class GradientCheckTest {
    /**
     * Step of the central difference, near the float64 optimum (cube root of the weights' ulp, about
     * 6e-6 times their scale 0.3): truncation (~EPS^2 f''' ~ 1e-10) and the loss's rounding
     * (~1e-13 / 2 EPS ~ 5e-9) both stay far under ABS_TOL. At 1e-6 the rounding part reached ABS_TOL:
     * on the oneDNN-AVX-512 natives (another summation order) a 1.4e-4 gradient differed by 2.2e-7.
     */
    private static final double EPS = 1e-5;
    /**
     * Absolute floor: rounding of the float64 loss (a sum of ~10³ terms, |loss| ~ 10²) is ~10⁻¹³,
     * i.e. ~10⁻⁸ in the difference quotient at EPS = 1e-5; gradients that are analytically zero (e.g. the key bias,
     * which softmax ignores) land here.
     */
    private static final double ABS_TOL = 2e-7;
    private static final double REL_TOL = 1e-4;
    private static final int PROBES_PER_TENSOR = 3;

    @ParameterizedTest
    @EnumSource(BlockType.class)
    void gradientsMatchCentralDifferences(BlockType block) {
        DiTConfig config = TinyConfigs.tiny(block);
        DiTModel model = DiTModel.withWeights(config, TinyConfigs.randomWeights(config, 11, 0.3, DataType.DOUBLE),
                DataType.DOUBLE);
        SameDiff sd = model.graph().sd();
        Nd4j.getRandom().setSeed(5);
        INDArray x = Nd4j.randn(DataType.DOUBLE, 2, config.inChannels(), config.inputSize(), config.inputSize());
        INDArray r = Nd4j.randn(DataType.DOUBLE, 2, config.outChannels(), config.inputSize(), config.inputSize());
        SDVariable loss = model.graph().out().mul(sd.constant(r)).sum();
        sd.setLossVariables(loss);
        SameDiffQuiet.createGradFunction(sd);
        Map<String, INDArray> ph = model.placeholders(x, Nd4j.createFromArray(3L, 870L),
                Nd4j.createFromArray(1L, (long) config.nullClass()));
        Map<String, INDArray> grads = sd.calculateGradients(ph, model.trainableNames());

        SplittableRandom rng = new SplittableRandom(7);
        double worstLarge = 0;
        int probes = 0;
        for (String name : model.trainableNames()) {
            INDArray w = sd.getArrForVarName(name);
            for (int k = 0; k < PROBES_PER_TENSOR; k++) {
                long i = rng.nextLong(w.length());
                double analytic = grads.get(name).reshape(-1).getDouble(i);
                double numeric = centralDifference(sd, ph, loss, w, i);
                double diff = Math.abs(analytic - numeric);
                double rel = diff / Math.max(Math.abs(analytic), Math.abs(numeric));
                assertTrue(diff <= ABS_TOL || rel <= REL_TOL, block + ": " + name + "[" + i + "] analytic "
                        + analytic + ", numeric " + numeric);
                if (Math.abs(analytic) > 1e-3) {
                    worstLarge = Math.max(worstLarge, rel);
                }
                probes++;
            }
        }
        System.out.printf("gradient check %s: %d probes pass; worst relative error where |grad| > 1e-3: %.1e%n",
                block.cliName(), probes, worstLarge);
    }

    private static double centralDifference(SameDiff sd, Map<String, INDArray> ph, SDVariable loss, INDArray w, long i) {
        INDArray flat = w.reshape(-1);
        double orig = flat.getDouble(i);
        flat.putScalar(i, orig + EPS);
        double plus = sd.output(ph, loss.name()).get(loss.name()).getDouble(0);
        flat.putScalar(i, orig - EPS);
        double minus = sd.output(ph, loss.name()).get(loss.name()).getDouble(0);
        flat.putScalar(i, orig);
        return (plus - minus) / (2 * EPS);
    }
}
