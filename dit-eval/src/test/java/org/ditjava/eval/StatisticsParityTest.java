package org.ditjava.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** compute_statistics parity: float32 mean, float64 ddof-1 covariance, streamed. */
class StatisticsParityTest {
    private static final double TOL = 1e-6;

    static FidStatistics oneShot(INDArray features) {
        StatisticsAccumulator acc = new StatisticsAccumulator((int) features.columns());
        acc.add(features);
        return acc.statistics();
    }

    static FidStatistics streamed(INDArray features, long seed, int maxBatch) {
        StatisticsAccumulator acc = new StatisticsAccumulator((int) features.columns());
        Random rng = new Random(seed);
        long n = features.rows();
        for (long r = 0; r < n; ) {
            long end = Math.min(n, r + 1 + rng.nextInt(maxBatch));
            acc.add(features.get(NDArrayIndex.interval(r, end), NDArrayIndex.all()));
            r = end;
        }
        return acc.statistics();
    }

    @ParameterizedTest
    @ValueSource(strings = {"fid", "fidsing"})
    void meanAndCovarianceMatchTheSuite(String prefix) {
        EvalFixture f = EvalFixture.get();
        for (String set : new String[] {"1", "2"}) {
            FidStatistics s = oneShot(f.array(prefix + ".feat" + set));
            INDArray mu = f.array(prefix + ".mu" + set);
            assertEquals(DataType.FLOAT, s.mu().dataType());
            assertTrue(EvalFixture.rel(s.mu(), mu) <= TOL, "mu rel " + EvalFixture.rel(s.mu(), mu));
            assertArrayEquals(mu.toFloatVector(), s.mu().toFloatVector(), prefix + set + ": the float32 mean is NumPy's bit for bit");
            double sigmaRel = EvalFixture.rel(s.sigma(), f.array(prefix + ".sigma" + set));
            System.out.printf("%s set %s: sigma rel %.2e%n", prefix, set, sigmaRel);
            assertTrue(sigmaRel <= TOL, "sigma rel " + sigmaRel);
        }
    }

    @Test
    void manySmallBatchesEqualOneShot() {
        EvalFixture f = EvalFixture.get();
        INDArray x = f.array("fid.feat1");
        FidStatistics one = oneShot(x);
        FidStatistics many = streamed(x, 7, 9);
        assertArrayEquals(one.mu().toFloatVector(), many.mu().toFloatVector());
        assertArrayEquals(HostData.doubles(one.sigma()), HostData.doubles(many.sigma()), 0.0);
    }

    @Test
    void streamingOverManyChunksMatchesTwoPassFloat64() {
        // several internal chunks, a large common offset (the case naive one-pass formulas lose)
        int n = StatisticsAccumulator.CHUNK_ROWS * 3 + 17;
        Nd4j.getRandom().setSeed(11);
        INDArray x = Nd4j.randn(DataType.FLOAT, n, 24).muli(0.5).addi(1000f);
        FidStatistics s = streamed(x, 3, 300);
        INDArray xd = x.castTo(DataType.DOUBLE);
        INDArray c = xd.subRowVector(xd.mean(true, 0));
        INDArray twoPass = c.transpose().mmul(c).divi(n - 1);
        assertTrue(EvalFixture.rel(s.sigma(), twoPass) < 1e-10, "rel " + EvalFixture.rel(s.sigma(), twoPass));
        assertArrayEquals(HostData.doubles(oneShot(x).sigma()), HostData.doubles(s.sigma()), 0.0);
    }

    @Test
    void constantFeatureHasAnExactlyZeroCovarianceRow() {
        INDArray x = Nd4j.rand(DataType.FLOAT, StatisticsAccumulator.CHUNK_ROWS + 5, 4);
        x.getColumn(2).assign(0.1f);
        FidStatistics s = streamed(x, 5, 100);
        for (int j = 0; j < 4; j++) {
            assertEquals(0.0, s.sigma().getDouble(2, j));
        }
    }

    @Test
    void badInputIsRejected() {
        StatisticsAccumulator acc = new StatisticsAccumulator(3);
        acc.add(Nd4j.ones(DataType.FLOAT, 1, 3));
        IllegalStateException few = assertThrows(IllegalStateException.class, acc::statistics);
        assertTrue(few.getMessage().contains("at least 2"), few.getMessage());
        INDArray nan = Nd4j.ones(DataType.FLOAT, 2, 3);
        nan.putScalar(1, 2, Float.NaN);
        NonFiniteFeatureException e = assertThrows(NonFiniteFeatureException.class, () -> acc.add(nan));
        assertEquals(2, e.row());
        assertThrows(IllegalArgumentException.class, () -> acc.add(Nd4j.ones(DataType.FLOAT, 2, 4)));
    }
}
