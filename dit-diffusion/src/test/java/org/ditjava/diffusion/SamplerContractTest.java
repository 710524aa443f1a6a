package org.ditjava.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One contract, run against every sampler ({@link SamplerCase}). */
class SamplerContractTest {

    private static final GaussianDiffusion DIFFUSION = GaussianDiffusion.create("10");
    private static final long[] SHAPE = {3, 2, 4, 4};
    private static final INDArray LABELS = Nd4j.createFromArray(1L, 2L, 3L);

    @ParameterizedTest
    @EnumSource(SamplerCase.class)
    void sameSeedGivesTheSameSamples(SamplerCase factory) {
        Sampler sampler = factory.create(DIFFUSION, false);
        INDArray first = run(sampler, new GaussianNoise(7), SamplingListener.NONE);
        INDArray again = run(sampler, new GaussianNoise(7), SamplingListener.NONE);
        INDArray other = run(sampler, new GaussianNoise(8), SamplingListener.NONE);
        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    @ParameterizedTest
    @EnumSource(SamplerCase.class)
    void replayingTheDrawsReproducesASeededRun(SamplerCase factory) {
        Sampler sampler = factory.create(DIFFUSION, false);
        List<INDArray> draws = new ArrayList<>();
        GaussianNoise seeded = new GaussianNoise(21);
        INDArray seededSample = run(sampler, shape -> record(draws, seeded.next(shape)), SamplingListener.NONE);
        assertEquals(1 + DIFFUSION.numTimesteps() * sampler.drawsPerStep(), draws.size(),
                "x_T plus the draws of every step, t = 0 included");
        ReplayNoise replay = new ReplayNoise(draws);
        assertEquals(seededSample, run(sampler, replay, SamplingListener.NONE));
        assertEquals(0, replay.remaining());
    }

    @ParameterizedTest
    @EnumSource(SamplerCase.class)
    void givenInitialNoiseIsNotDrawn(SamplerCase factory) {
        List<INDArray> draws = new ArrayList<>();
        GaussianNoise seeded = new GaussianNoise(3);
        INDArray xT = new GaussianNoise(4).next(SHAPE);
        Sampler sampler = factory.create(DIFFUSION, false);
        INDArray sample = sampler.sampleLoop(new StandInModels.Loop(), SHAPE, LABELS, xT,
                shape -> record(draws, seeded.next(shape)), SamplingListener.NONE);
        assertEquals(DIFFUSION.numTimesteps() * sampler.drawsPerStep(), draws.size());
        assertArrayEquals(SHAPE, sample.shape());
    }

    @ParameterizedTest
    @EnumSource(SamplerCase.class)
    void modelSeesOriginalTimestepsInDescendingOrderAndProgressIsReported(
            SamplerCase factory) {
        StandInModels.Loop model = new StandInModels.Loop();
        List<int[]> progress = new ArrayList<>();
        List<Integer> callsBefore = new ArrayList<>(List.of(0));
        Sampler sampler = factory.create(DIFFUSION, false);
        INDArray sample = sampler.sampleLoop(model, SHAPE, LABELS, null, new GaussianNoise(1),
                (step, total, result) -> {
                    assertArrayEquals(SHAPE, result.sample().shape());
                    assertArrayEquals(SHAPE, result.predXstart().shape());
                    progress.add(new int[] {step, total});
                    callsBefore.add(model.timesteps.size());
                });
        assertArrayEquals(SHAPE, sample.shape());
        int total = DIFFUSION.numTimesteps();
        int[] map = DIFFUSION.timestepMap();
        assertEquals(total, progress.size(), "one progress call per step");
        assertEquals(sampler.modelEvaluations(), model.timesteps.size(), "model calls of the loop");
        for (int k = 0; k < total; k++) {
            assertArrayEquals(new int[] {k, total}, progress.get(k));
            int j = total - 1 - k;
            for (int call = callsBefore.get(k); call < callsBefore.get(k + 1); call++) {
                long expected = map[call == callsBefore.get(k) ? j : j - 1];   // a second call looks one step ahead
                for (long seen : model.timesteps.get(call)) {
                    assertEquals(expected, seen, "step " + k + ", call " + call);
                }
            }
        }
    }

    @ParameterizedTest
    @EnumSource(SamplerCase.class)
    void clipDenoisedBoundsThePrediction(SamplerCase factory) {
        Denoiser wild = (x, t, y) -> Nd4j.concat(1, x.mul(-40.0), Nd4j.zerosLike(x));   // huge x_0 predictions
        INDArray x = new GaussianNoise(5).next(SHAPE);
        int[] t = {5, 5, 5};
        StepResult clipped = factory.create(DIFFUSION, true).step(wild, x, t, LABELS, new GaussianNoise(6));
        StepResult free = factory.create(DIFFUSION, false).step(wild, x, t, LABELS, new GaussianNoise(6));
        assertTrue(clipped.predXstart().amaxNumber().doubleValue() <= 1.0);
        assertTrue(free.predXstart().amaxNumber().doubleValue() > 1.0);
    }

    @ParameterizedTest
    @EnumSource(SamplerCase.class)
    void aStepMutatesNothing(SamplerCase factory) {
        INDArray x = new GaussianNoise(9).next(SHAPE);
        INDArray xCopy = x.dup();
        INDArray labels = LABELS.dup();
        int[] t = {0, 4, 9};
        StepResult result = factory.create(DIFFUSION, false).step(new StandInModels.Loop(), x, t, labels,
                new GaussianNoise(2));
        assertEquals(xCopy, x);
        assertEquals(LABELS, labels);
        assertArrayEquals(new int[] {0, 4, 9}, t);
        assertArrayEquals(SHAPE, result.sample().shape());
    }

    private static INDArray run(Sampler sampler, NoiseSource noise, SamplingListener listener) {
        return sampler.sampleLoop(new StandInModels.Loop(), SHAPE, LABELS, null, noise, listener);
    }

    private static INDArray record(List<INDArray> draws, INDArray draw) {
        draws.add(draw.dup());
        return draw;
    }
}
