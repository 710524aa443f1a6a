package org.ditjava.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** compute_inception_score parity with the stored split size, and the suite's default split. */
class InceptionScoreParityTest {
    private static final double TOL = 1e-5;

    @Test
    void scoreAndSplitScoresMatchTheSuite() {
        EvalFixture f = EvalFixture.get();
        INDArray logits = f.array("is.logits");
        int split = f.integer("is.split_size");
        InceptionScoreResult r = InceptionScore.of(logits, split);
        System.out.printf("IS: ours %.8f, suite %.8f, rel %.2e%n", r.value(), f.scalar("is.value"), EvalFixture.rel(r.value(), f.scalar("is.value")));
        assertTrue(EvalFixture.rel(r.value(), f.scalar("is.value")) <= TOL);
        double[] expected = f.array("is.split_scores").toDoubleVector();
        assertEquals(expected.length, r.splitScores().size());
        assertEquals((int) Math.ceil(logits.rows() / (double) split), r.splitScores().size());
        for (int i = 0; i < expected.length; i++) {
            assertTrue(EvalFixture.rel(r.splitScores().get(i), expected[i]) <= TOL, "split " + i);
        }
        InceptionScoreResult suiteDefault = InceptionScore.of(logits, InceptionScore.DEFAULT_SPLIT_SIZE);
        assertTrue(EvalFixture.rel(suiteDefault.value(), f.scalar("is.value_split5000")) <= TOL);
    }

    @Test
    void streamingInUnalignedBatchesGivesTheSameScore() {
        EvalFixture f = EvalFixture.get();
        INDArray logits = f.array("is.logits");
        int split = f.integer("is.split_size");
        InceptionScore s = new InceptionScore(split);
        int batch = split / 3 + 7;
        for (long r = 0; r < logits.rows(); r += batch) {
            s.add(logits.get(NDArrayIndex.interval(r, Math.min(logits.rows(), r + batch)), NDArrayIndex.all()));
        }
        List<Double> streamed = s.result().splitScores();
        List<Double> whole = InceptionScore.of(logits, split).splitScores();
        for (int i = 0; i < whole.size(); i++) {
            assertEquals(whole.get(i), streamed.get(i), 1e-12 * whole.get(i));
        }
    }
}
