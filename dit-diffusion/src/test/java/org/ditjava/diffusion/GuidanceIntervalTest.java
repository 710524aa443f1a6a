package org.ditjava.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link GuidanceInterval} and its use by {@link ClassifierFreeGuidance}, for every sampler. */
class GuidanceIntervalTest {

    private static final GaussianDiffusion DIFFUSION = GaussianDiffusion.create("10");
    private static final long[] SHAPE = {4, 2, 3, 3};                               // 2 conditional + 2 null rows
    private static final INDArray LABELS = Nd4j.createFromArray(1L, 2L, 9L, 9L);

    /** Output depends on x, t and the label in every channel, and records the batch sizes it is given. */
    private static final class Labelled implements Denoiser {
        final List<Long> batches = new ArrayList<>();

        @Override
        public INDArray apply(INDArray x, INDArray t, INDArray y) {
            batches.add(x.size(0));
            INDArray out = new StandInModels.Loop().apply(x, t, y);                  // (B, 2C, H, W)
            float[] shift = new float[(int) x.size(0)];
            for (int i = 0; i < shift.length; i++) {
                shift[i] = 0.01f * y.getLong(i);
            }
            return out.addi(Nd4j.createFromArray(shift).reshape(shift.length, 1, 1, 1));
        }
    }

    @ParameterizedTest
    @EnumSource(SamplerCase.class)
    void anIntervalCoveringEveryTimestepGivesBitIdenticalSamples(SamplerCase kind) {
        INDArray official = sample(kind, new ClassifierFreeGuidance(new Labelled(), 3.0, GuidedChannels.ALL_EPSILON));
        for (GuidanceInterval all : new GuidanceInterval[] {GuidanceInterval.ALL, new GuidanceInterval(0, 999),
            GuidanceInterval.parse("0,999")}) {
            INDArray withInterval = sample(kind, new ClassifierFreeGuidance(new Labelled(), 3.0,
                    GuidedChannels.ALL_EPSILON, all));
            assertEquals(official, withInterval, kind + " with " + all);
        }
    }

    @ParameterizedTest
    @EnumSource(SamplerCase.class)
    void aNarrowerIntervalChangesTheSamplesAndSkipsTheNullHalfOutsideIt(SamplerCase kind) {
        Labelled model = new Labelled();
        INDArray official = sample(kind, new ClassifierFreeGuidance(new Labelled(), 3.0, GuidedChannels.ALL_EPSILON));
        INDArray limited = sample(kind, new ClassifierFreeGuidance(model, 3.0, GuidedChannels.ALL_EPSILON,
                new GuidanceInterval(300, 700)));
        assertNotEquals(official, limited);
        assertTrue(model.batches.contains(2L) && model.batches.contains(4L), "half batches outside, full inside: "
                + model.batches);
    }

    @Test
    void outsideTheIntervalBothHalvesGetTheConditionalOutput() {
        Labelled model = new Labelled();
        INDArray x = new GaussianNoise(3).next(SHAPE);
        INDArray t = Nd4j.createFromArray(800L, 800L, 800L, 800L);
        INDArray out = new ClassifierFreeGuidance(model, 3.0, GuidedChannels.FIRST_THREE, new GuidanceInterval(0, 799))
                .apply(x, t, LABELS);
        INDArray cond = new Labelled().apply(Tensors.rows(x, 0, 2), Nd4j.createFromArray(800L, 800L),
                Nd4j.createFromArray(1L, 2L));
        assertEquals(cond, Tensors.rows(out, 0, 2));
        assertEquals(cond, Tensors.rows(out, 2, 4));
        assertEquals(List.of(2L), model.batches);
    }

    @Test
    void rowsOutsideTheIntervalTakeTheConditionalEpsExactly() {
        INDArray x = new GaussianNoise(4).next(SHAPE);
        INDArray t = Nd4j.createFromArray(100L, 900L, 100L, 900L);
        GuidanceInterval interval = new GuidanceInterval(0, 500);
        INDArray out = new ClassifierFreeGuidance(new Labelled(), 3.0, GuidedChannels.ALL_EPSILON, interval)
                .apply(x, t, LABELS);
        INDArray both = new ClassifierFreeGuidance(new Labelled(), 3.0, GuidedChannels.ALL_EPSILON).apply(x, t, LABELS);
        INDArray half = Tensors.rows(x, 0, 2);
        INDArray plain = new Labelled().apply(Nd4j.concat(0, half, half), t, LABELS);
        assertEquals(Tensors.block(both, 0, 1, 0, 2), Tensors.block(out, 0, 1, 0, 2), "row 0 (t = 100) is guided");
        assertEquals(Tensors.block(plain, 1, 2, 0, 2), Tensors.block(out, 1, 2, 0, 2), "row 1 (t = 900) is not");
        assertEquals(Tensors.block(plain, 1, 2, 0, 2), Tensors.block(out, 3, 4, 0, 2), "its null row copies it");
    }

    @Test
    void parsesValidatesAndPrints() {
        assertEquals(new GuidanceInterval(10, 600), GuidanceInterval.parse(" 10 , 600 "));
        assertEquals("10,600", new GuidanceInterval(10, 600).toString());
        assertEquals("all", GuidanceInterval.ALL.toString());
        assertTrue(new GuidanceInterval(0, 999).coversAll(1000));
        assertTrue(new GuidanceInterval(5, 5).covers(5));
        assertThrows(IllegalArgumentException.class, () -> GuidanceInterval.parse("600,10"));
        assertThrows(IllegalArgumentException.class, () -> GuidanceInterval.parse("-1,10"));
        assertThrows(IllegalArgumentException.class, () -> GuidanceInterval.parse("10"));
        assertThrows(IllegalArgumentException.class, () -> GuidanceInterval.parse("a,b"));
        IllegalArgumentException late = assertThrows(IllegalArgumentException.class,
                () -> new GuidanceInterval(0, 1000).checkWithin(1000));
        assertTrue(late.getMessage().contains("999"), late.getMessage());
        assertEquals(GuidanceInterval.ALL, GuidanceInterval.ALL.checkWithin(1000));
    }

    private static INDArray sample(SamplerCase kind, Denoiser guided) {
        INDArray z = new GaussianNoise(8).next(new long[] {2, 2, 3, 3});
        INDArray out = kind.create(DIFFUSION).sampleLoop(guided, SHAPE, LABELS, Nd4j.concat(0, z, z),
                new GaussianNoise(9), SamplingListener.NONE);
        assertArrayEquals(SHAPE, out.shape());
        return out;
    }
}
