package org.ditjava.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** frechet_distance parity, including the singular pair on which the suite adds eps·I. */
class FrechetParityTest {

    private static FidStatistics stored(String prefix, String set) {
        EvalFixture f = EvalFixture.get();
        return new FidStatistics(f.array(prefix + ".mu" + set), f.array(prefix + ".sigma" + set));
    }

    @Test
    void fidMatchesTheSuite() {
        EvalFixture f = EvalFixture.get();
        FrechetResult fromStored = FrechetDistance.compute(stored("fid", "1"), stored("fid", "2"));
        FidStatistics a = StatisticsParityTest.oneShot(f.array("fid.feat1"));
        FidStatistics b = StatisticsParityTest.oneShot(f.array("fid.feat2"));
        FrechetResult fromFeatures = FrechetDistance.compute(a, b);
        double expected = f.scalar("fid.value");
        System.out.printf("fid: ours %.10f (from features %.10f), suite %.10f, rel %.2e / %.2e%n", fromStored.value(),
                fromFeatures.value(), expected, EvalFixture.rel(fromStored.value(), expected), EvalFixture.rel(fromFeatures.value(), expected));
        assertTrue(EvalFixture.rel(fromStored.value(), expected) <= 1e-6);
        assertTrue(EvalFixture.rel(fromFeatures.value(), expected) <= 1e-6);
        assertFalse(fromStored.usedEpsFallback());
        double swapped = FrechetDistance.compute(b, a).value();
        assertTrue(EvalFixture.rel(swapped, fromFeatures.value()) <= 1e-9, "symmetric");
    }

    @Test
    void singularPairTakesTheSuitesEpsFallback() {
        EvalFixture f = EvalFixture.get();
        FidStatistics a = stored("fidsing", "1");
        FidStatistics b = stored("fidsing", "2");
        FrechetResult suite = FrechetDistance.compute(a, b, EpsFallback.SUITE);
        double expected = f.scalar("fidsing.value");
        System.out.printf("fidsing: ours %.10f, suite %.10f, rel %.2e, fallback %s%n", suite.value(), expected,
                EvalFixture.rel(suite.value(), expected), suite.usedEpsFallback());
        assertTrue(EvalFixture.rel(suite.value(), expected) <= 1e-4);
        assertEquals(f.integer("fidsing.used_eps_fallback") == 1, suite.usedEpsFallback());
        // the two informational eigenvalue-based variants
        double noEps = FrechetDistance.compute(a, b, EpsFallback.NON_FINITE).value();
        double eps = FrechetDistance.compute(a, b, EpsFallback.ALWAYS).value();
        System.out.printf("fidsing: no eps %.10f (ref %.10f), eps %.10f (ref %.10f)%n", noEps,
                f.scalar("fidsing.value_eig_noeps"), eps, f.scalar("fidsing.value_eig_eps"));
        assertTrue(EvalFixture.rel(noEps, f.scalar("fidsing.value_eig_noeps")) <= 1e-6);
        assertTrue(EvalFixture.rel(eps, f.scalar("fidsing.value_eig_eps")) <= 1e-6);
        assertTrue(EvalFixture.rel(noEps, expected) <= 1e-4);
    }

    @Test
    void statisticsOfTheSingularFeaturesReproduceTheFallbackDecision() {
        EvalFixture f = EvalFixture.get();
        FidStatistics a = StatisticsParityTest.oneShot(f.array("fidsing.feat1"));
        FidStatistics b = StatisticsParityTest.oneShot(f.array("fidsing.feat2"));
        FrechetResult r = FrechetDistance.compute(a, b);
        assertEquals(f.integer("fidsing.used_eps_fallback") == 1, r.usedEpsFallback());
        assertTrue(EvalFixture.rel(r.value(), f.scalar("fidsing.value")) <= 1e-4);
    }

    @Test
    void distanceToItselfIsZero() {
        FidStatistics a = stored("fid", "1");
        assertEquals(0.0, FrechetDistance.compute(a, a).value(), 1e-8 * FrechetDistance.compute(a, stored("fid", "2")).value());
    }

    @Test
    void corruptCovarianceIsRejected() {
        FidStatistics a = stored("fid", "1");
        FidStatistics bad = new FidStatistics(a.mu(), a.sigma().neg());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FrechetDistance.compute(a, bad));
        assertTrue(e.getMessage().contains("Imaginary component"), e.getMessage());
        INDArray nanSigma = a.sigma().dup();
        nanSigma.putScalar(0, 0, Double.NaN);
        assertThrows(IllegalArgumentException.class, () -> FrechetDistance.compute(a, new FidStatistics(a.mu(), nanSigma)));
        assertThrows(IllegalArgumentException.class, () -> FrechetDistance.compute(a,
                new FidStatistics(Nd4j.zeros(DataType.FLOAT, 3), Nd4j.eye(3))));
    }
}
