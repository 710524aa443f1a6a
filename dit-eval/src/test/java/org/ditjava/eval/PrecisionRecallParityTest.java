package org.ditjava.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** compute_prec_recall parity with the stored k and batch size, and with other batch sizes. */
class PrecisionRecallParityTest {
    private static final double RADII_TOL = 1e-5;

    private static void check(ManifoldEstimator est, String what) {
        EvalFixture f = EvalFixture.get();
        INDArray ref = f.array("pr.ref");
        INDArray sample = f.array("pr.sample");
        float[] rr = est.radii(ref);
        float[] rs = est.radii(sample);
        double relRef = EvalFixture.rel(Nd4j.createFromArray(rr), f.array("pr.radii_ref"));
        double relSample = EvalFixture.rel(Nd4j.createFromArray(rs), f.array("pr.radii_sample"));
        PrecisionRecall pr = est.evaluate(ref, rr, sample, rs);
        System.out.printf("P/R (%s): precision %.6f recall %.6f, radii rel %.2e / %.2e%n", what, pr.precision(), pr.recall(), relRef, relSample);
        assertTrue(relRef <= RADII_TOL && relSample <= RADII_TOL, what);
        assertEquals(f.scalar("pr.precision"), pr.precision(), 0.0, what);
        assertEquals(f.scalar("pr.recall"), pr.recall(), 0.0, what);
    }

    @Test
    void storedKAndBatchSize() {
        EvalFixture f = EvalFixture.get();
        int b = f.integer("pr.batch_size");
        check(new ManifoldEstimator(f.integer("pr.k"), b, b), "stored batch " + b);
    }

    @Test
    void otherBatchSizesGiveTheSameResult() {
        EvalFixture f = EvalFixture.get();
        int b = f.integer("pr.batch_size");
        int k = f.integer("pr.k");
        check(new ManifoldEstimator(k, b / 3 + 1, b / 2 + 3), "small unequal batches");
        check(new ManifoldEstimator(k, ManifoldEstimator.DEFAULT_BATCH, ManifoldEstimator.DEFAULT_BATCH), "suite default batch");
    }

    @Test
    void tooFewPointsForTheNeighbourhoodAreRejected() {
        ManifoldEstimator est = new ManifoldEstimator(3, 8, 8);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> est.radii(Nd4j.rand(DataType.FLOAT, 3, 5)));
        assertTrue(e.getMessage().contains("more than 3"), e.getMessage());
    }
}
