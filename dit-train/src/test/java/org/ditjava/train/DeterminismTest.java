package org.ditjava.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.SplittableRandom;
import org.ditjava.diffusion.GaussianDiffusion;
import org.ditjava.model.DiTModel;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What bit-exact resumption rests on, measured: ND4J's CPU ops give bit-identical losses and gradients
 * run to run, in one graph and in two graphs built from the same seed; and the step streams are pure
 * functions of (seed, step, micro-batch).
 */
class DeterminismTest {

    @Test
    void gradientsAreBitIdenticalRunToRunAndGraphToGraph() {
        TrainingGraph a = graph();
        TrainingGraph b = graph();
        INDArray x = TinyRuns.images().images().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 6));
        DiffusionDraw draw = DiffusionDraw.draw(StepRandom.of(3, 5, 0), 1000, TinyRuns.images().labels()
                .get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 6)), x.shape(), TinyRuns.MODEL);
        TrainingGraph.StepGradients first = a.gradients(x, draw);
        TrainingGraph.StepGradients again = a.gradients(x, draw);
        TrainingGraph.StepGradients other = b.gradients(x, draw);
        assertEquals(first.terms(), again.terms());
        assertEquals(first.terms(), other.terms());
        ResumeTest.assertBitIdentical(first.gradients(), again.gradients());
        ResumeTest.assertBitIdentical(first.gradients(), other.gradients());
    }

    @Test
    void stepStreamsArePureFunctionsOfSeedStepAndMicroBatch() {
        SplittableRandom r1 = StepRandom.of(7, 123, 1);
        SplittableRandom r2 = StepRandom.of(7, 123, 1);
        for (int i = 0; i < 5; i++) {
            assertEquals(r1.nextLong(), r2.nextLong());
        }
        assertEquals(false, StepRandom.of(7, 123, 0).nextLong() == StepRandom.of(7, 124, 0).nextLong());
        DiffusionDraw d1 = DiffusionDraw.draw(StepRandom.of(1, 2, 0), 1000, TinyRuns.images().labels(),
                new long[] {48, 1, 8, 8}, TinyRuns.MODEL);
        DiffusionDraw d2 = DiffusionDraw.draw(StepRandom.of(1, 2, 0), 1000, TinyRuns.images().labels(),
                new long[] {48, 1, 8, 8}, TinyRuns.MODEL);
        assertEquals(java.util.Arrays.toString(d1.t()), java.util.Arrays.toString(d2.t()));
        ResumeTest.assertBitIdentical(Map.of("noise", d1.noise()), Map.of("noise", d2.noise()));
        assertEquals(d1.labels(), d2.labels());
    }

    private static TrainingGraph graph() {
        return TrainingGraph.create(DiTModel.initialized(TinyRuns.MODEL, 3, DataType.FLOAT), GaussianDiffusion.create(""));
    }
}
