package org.ditjava.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The fixture tolerances of fixtures/diffusion/README.md ("Tolerance"), each check printing its measured
 * maximum error once so the numbers can be reported.
 */
final class Parity {

    /** step / loop / x_t / mse / normal_kl: |port - ref| &lt;= 1e-5 max(1, |ref|) elementwise. */
    static final double TENSOR = 1e-5;
    /** vb and loss: relative. */
    static final double VB = 1e-4;
    /** discretized_gaussian_log_likelihood: relative. */
    static final double DGLL = 2e-3;
    /** float64 schedule arrays: relative. */
    static final double SCHEDULE = 1e-12;

    private Parity() {
    }

    /** Asserts |a - e| &lt;= tol max(1, |e|) everywhere; returns the largest |a - e| / max(1, |e|). */
    static double assertClose(String label, INDArray expected, INDArray actual, double tol) {
        return check(label, values(expected, actual), values(actual, expected), tol, true);
    }

    /** Asserts |a - e| &lt;= rel |e| everywhere; returns the largest |a - e| / |e|. */
    static double assertRelative(String label, INDArray expected, INDArray actual, double rel) {
        return check(label, values(expected, actual), values(actual, expected), rel, false);
    }

    /** float64 arrays: |a - e| &lt;= rel |e| (|e| floored at 1e-300, as verify_fixtures.py does). */
    static double assertRelative(String label, double[] expected, double[] actual, double rel) {
        return check(label, expected, actual, rel, false);
    }

    private static double[] values(INDArray a, INDArray shapeOf) {
        assertArrayEquals(shapeOf.shape(), a.shape(), "shape");
        return a.castTo(DataType.DOUBLE).reshape(-1).toDoubleVector();
    }

    private static double check(String label, double[] expected, double[] actual, double tol, boolean floorAtOne) {
        assertTrue(expected.length == actual.length, label + ": length " + actual.length + " != " + expected.length);
        double worst = 0;
        int worstAt = -1;
        for (int i = 0; i < expected.length; i++) {
            double scale = floorAtOne ? Math.max(1.0, Math.abs(expected[i])) : Math.max(1e-300, Math.abs(expected[i]));
            double err = Math.abs(actual[i] - expected[i]) / scale;
            if (!(err <= worst)) {   // NaN counts as worst
                worst = err;
                worstAt = i;
            }
        }
        System.out.printf("[parity] %-44s max %s err %.3e (tol %.0e)%n", label, floorAtOne ? "abs/max(1,|ref|)" : "rel",
                worst, tol);
        final int at = worstAt;
        final double err = worst;
        assertTrue(err <= tol, () -> label + ": error " + err + " > " + tol + " at flat index " + at
                + " (ref " + expected[at] + ", port " + actual[at] + ")");
        return worst;
    }
}
