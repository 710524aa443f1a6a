package org.ditjava.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** One contract, run against every sampler (DDPM and DDIM with eta 0 and 1). */
class SamplerContractTest {

    private static final GaussianDiffusion DIFFUSION = GaussianDiffusion.create("10");
    private static final long[] SHAPE = {3, 2, 4, 4};
    private static final INDArray LABELS = Nd4j.createFromArray(1L, 2L, 3L);

    /** (diffusion, clipDenoised) -> sampler. */
    static Stream<Named<BiFunction<GaussianDiffusion, Boolean, Sampler>>> samplers() {
        return Stream.of(
                Named.of("DDPM", (d, clip) -> new DdpmSampler(d, clip)),
                Named.of("DDIM eta=0", (d, clip) -> new DdimSampler(d, clip, 0.0)),
                Named.of("DDIM eta=1", (d, clip) -> new DdimSampler(d, clip, 1.0)));
    }

    @ParameterizedTest
    @MethodSource("samplers")
    void sameSeedGivesTheSameSamples(BiFunction<GaussianDiffusion, Boolean, Sampler> factory) {
        Sampler sampler = factory.apply(DIFFUSION, false);
        INDArray first = run(sampler, new GaussianNoise(7), SamplingListener.NONE);
        INDArray again = run(sampler, new GaussianNoise(7), SamplingListener.NONE);
        INDArray other = run(sampler, new GaussianNoise(8), SamplingListener.NONE);
        assertEquals(first, again);
        assertNotEquals(first, other);
    }

    @ParameterizedTest
    @MethodSource("samplers")
    void replayingTheDrawsReproducesASeededRun(BiFunction<GaussianDiffusion, Boolean, Sampler> factory) {
        Sampler sampler = factory.apply(DIFFUSION, false);
        List<INDArray> draws = new ArrayList<>();
        GaussianNoise seeded = new GaussianNoise(21);
        INDArray seededSample = run(sampler, shape -> record(draws, seeded.next(shape)), SamplingListener.NONE);
        assertEquals(DIFFUSION.numTimesteps() + 1, draws.size(), "x_T plus one draw per step, t = 0 included");
        ReplayNoise replay = new ReplayNoise(draws);
        assertEquals(seededSample, run(sampler, replay, SamplingListener.NONE));
        assertEquals(0, replay.remaining());
    }

    @ParameterizedTest
    @MethodSource("samplers")
    void givenInitialNoiseIsNotDrawn(BiFunction<GaussianDiffusion, Boolean, Sampler> factory) {
        List<INDArray> draws = new ArrayList<>();
        GaussianNoise seeded = new GaussianNoise(3);
        INDArray xT = new GaussianNoise(4).next(SHAPE);
        INDArray sample = factory.apply(DIFFUSION, false).sampleLoop(new StandInModels.Loop(), SHAPE, LABELS, xT,
                shape -> record(draws, seeded.next(shape)), SamplingListener.NONE);
        assertEquals(DIFFUSION.numTimesteps(), draws.size());
        assertArrayEquals(SHAPE, sample.shape());
    }

    @ParameterizedTest
    @MethodSource("samplers")
    void modelSeesOriginalTimestepsInDescendingOrderAndProgressIsReported(
            BiFunction<GaussianDiffusion, Boolean, Sampler> factory) {
        StandInModels.Loop model = new StandInModels.Loop();
        List<int[]> progress = new ArrayList<>();
        INDArray sample = factory.apply(DIFFUSION, false).sampleLoop(model, SHAPE, LABELS, null, new GaussianNoise(1),
                (step, total, result) -> {
                    assertArrayEquals(SHAPE, result.sample().shape());
                    assertArrayEquals(SHAPE, result.predXstart().shape());
                    progress.add(new int[] {step, total});
                });
        assertArrayEquals(SHAPE, sample.shape());
        int total = DIFFUSION.numTimesteps();
        int[] map = DIFFUSION.timestepMap();
        assertEquals(total, progress.size(), "one progress call per step");
        assertEquals(total, model.timesteps.size(), "one model call per step");
        for (int k = 0; k < total; k++) {
            assertArrayEquals(new int[] {k, total}, progress.get(k));
            long expected = map[total - 1 - k];
            for (long seen : model.timesteps.get(k)) {
                assertEquals(expected, seen, "step " + k);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("samplers")
    void clipDenoisedBoundsThePrediction(BiFunction<GaussianDiffusion, Boolean, Sampler> factory) {
        Denoiser wild = (x, t, y) -> Nd4j.concat(1, x.mul(-40.0), Nd4j.zerosLike(x));   // huge x_0 predictions
        INDArray x = new GaussianNoise(5).next(SHAPE);
        int[] t = {5, 5, 5};
        StepResult clipped = factory.apply(DIFFUSION, true).step(wild, x, t, LABELS, new GaussianNoise(6));
        StepResult free = factory.apply(DIFFUSION, false).step(wild, x, t, LABELS, new GaussianNoise(6));
        assertTrue(clipped.predXstart().amaxNumber().doubleValue() <= 1.0);
        assertTrue(free.predXstart().amaxNumber().doubleValue() > 1.0);
    }

    @ParameterizedTest
    @MethodSource("samplers")
    void aStepMutatesNothing(BiFunction<GaussianDiffusion, Boolean, Sampler> factory) {
        INDArray x = new GaussianNoise(9).next(SHAPE);
        INDArray xCopy = x.dup();
        INDArray labels = LABELS.dup();
        int[] t = {0, 4, 9};
        StepResult result = factory.apply(DIFFUSION, false).step(new StandInModels.Loop(), x, t, labels,
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
