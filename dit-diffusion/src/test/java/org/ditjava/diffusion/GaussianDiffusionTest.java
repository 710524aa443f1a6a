package org.ditjava.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Modes beyond the parity fixtures: config mapping, fixed variances, rescaled and KL losses, START_X. */
class GaussianDiffusionTest {

    private static final long[] SHAPE = {3, 2, 2, 2};
    private static final int[] T = {0, 1, 7};

    @Test
    void configDerivesModesLikeCreateDiffusion() {
        DiffusionConfig base = DiffusionConfig.of("");
        assertEquals(MeanType.EPSILON, base.meanType());
        assertEquals(VarianceType.LEARNED_RANGE, base.varianceType());
        assertEquals(LossType.MSE, base.lossType());
        assertEquals(VarianceType.FIXED_LARGE, base.toBuilder().learnSigma(false).build().varianceType());
        assertEquals(VarianceType.FIXED_SMALL, base.toBuilder().learnSigma(false).sigmaSmall(true).build()
                .varianceType());
        assertEquals(LossType.RESCALED_MSE, base.toBuilder().rescaleLearnedSigmas(true).build().lossType());
        assertEquals(LossType.RESCALED_KL, base.toBuilder().useKl(true).rescaleLearnedSigmas(true).build()
                .lossType());
        assertEquals(MeanType.START_X, base.toBuilder().predictXstart(true).build().meanType());
        assertThrows(IllegalArgumentException.class, () -> base.toBuilder().diffusionSteps(1).build());
    }

    @Test
    void modesParseFromReferenceNames() {
        assertEquals(VarianceType.LEARNED_RANGE, VarianceType.byName("learned_range"));
        assertEquals(LossType.RESCALED_MSE, LossType.byName("RESCALED_MSE"));
        assertEquals(MeanType.START_X, MeanType.byName("start_x"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> LossType.byName("l1"));
        assertTrue(e.getMessage().contains("'l1'") && e.getMessage().contains("RESCALED_KL"), e.getMessage());
    }

    @Test
    void accessorsReturnCopies() {
        GaussianDiffusion diffusion = GaussianDiffusion.create("10");
        diffusion.schedule().betas()[0] = 42;
        diffusion.timestepMap()[0] = 42;
        assertTrue(diffusion.schedule().betas()[0] < 1);
        assertEquals(0, diffusion.timestepMap()[0]);
    }

    @Test
    void qSampleFollowsTheClosedForm() {
        GaussianDiffusion diffusion = GaussianDiffusion.create("10");
        INDArray x0 = new GaussianNoise(1).next(SHAPE);
        INDArray noise = new GaussianNoise(2).next(SHAPE);
        INDArray xT = diffusion.qSample(x0, T, noise);
        double[] abar = diffusion.schedule().alphasCumprod();
        for (int i = 0; i < T.length; i++) {
            double expected = Math.sqrt(abar[T[i]]) * x0.getDouble(i, 1, 0, 1)
                    + Math.sqrt(1 - abar[T[i]]) * noise.getDouble(i, 1, 0, 1);
            assertEquals(expected, xT.getDouble(i, 1, 0, 1), 1e-5);
        }
    }

    @Test
    void rejectsNonFloat32Tensors() {
        INDArray x0 = new GaussianNoise(1).next(SHAPE).castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> GaussianDiffusion.create("10").qSample(x0, T, x0));
        assertTrue(e.getMessage().contains("float32"), e.getMessage());
    }

    @Test
    void fixedSmallUsesThePosteriorVarianceWithTheClippedLog() {
        GaussianDiffusion diffusion = fixed(true);
        PMeanVariance p = diffusion.pMeanVarianceFromOutput(new GaussianNoise(3).next(SHAPE), input(), T, false);
        double[] variance = diffusion.schedule().posteriorVariance();
        double[] logVariance = diffusion.schedule().posteriorLogVarianceClipped();
        for (int i = 0; i < T.length; i++) {
            assertEquals((float) variance[T[i]], p.variance().getFloat(i, 1, 1, 0), 0f);
            assertEquals((float) logVariance[T[i]], p.logVariance().getFloat(i, 0, 1, 1), 0f);
        }
        assertEquals(0f, p.variance().getFloat(0, 0, 0, 0), 0f, "posterior variance is 0 at t = 0");
        assertArrayEquals(SHAPE, p.variance().shape());
    }

    @Test
    void fixedLargeUsesTheBetasWithThePosteriorVarianceAtZero() {
        GaussianDiffusion diffusion = fixed(false);
        PMeanVariance p = diffusion.pMeanVarianceFromOutput(new GaussianNoise(3).next(SHAPE), input(), T, false);
        double[] betas = diffusion.schedule().betas();
        assertEquals((float) diffusion.schedule().posteriorVariance()[1], p.variance().getFloat(0, 0, 0, 0), 0f);
        assertEquals((float) betas[T[1]], p.variance().getFloat(1, 0, 0, 0), 0f);
        assertEquals((float) Math.log(betas[T[2]]), p.logVariance().getFloat(2, 1, 1, 1), 0f);
    }

    @Test
    void fixedVarianceRejectsATwoHalfOutputAndHasNoBoundTerm() {
        GaussianDiffusion diffusion = fixed(true);
        Denoiser doubled = (x, t, y) -> Nd4j.concat(1, x, x);
        assertThrows(IllegalStateException.class, () -> diffusion.pMeanVariance(doubled, input(), T, null, false));
        INDArray noise = new GaussianNoise(4).next(SHAPE);
        TrainingLosses losses = new DiffusionLosses(diffusion).trainingLosses((x, t, y) -> x.mul(0.5), input(), T,
                null, noise);
        assertNull(losses.vb());
        assertEquals(losses.mse(), losses.loss());
    }

    @Test
    void rescaledMseScalesTheBoundByStepsOverAThousand() {
        DiffusionConfig config = DiffusionConfig.of("250");
        GaussianDiffusion plain = GaussianDiffusion.create(config);
        GaussianDiffusion rescaled = GaussianDiffusion.create(config.toBuilder().rescaleLearnedSigmas(true).build());
        TrainingLosses a = losses(plain);
        TrainingLosses b = losses(rescaled);
        assertEquals(a.mse(), b.mse());
        assertTrue(a.vb().mul(250 / 1000.0).equalsWithEps(b.vb(), 1e-6));
        assertTrue(b.mse().add(b.vb()).equalsWithEps(b.loss(), 1e-6));
    }

    @Test
    void klLossesAreTheBoundAlone() {
        GaussianDiffusion mse = GaussianDiffusion.create("250");
        GaussianDiffusion kl = new GaussianDiffusion(mse.schedule(), MeanType.EPSILON, VarianceType.LEARNED_RANGE,
                LossType.KL);
        GaussianDiffusion rescaledKl = GaussianDiffusion.create(DiffusionConfig.builder().timestepRespacing("250")
                .useKl(true).build());
        TrainingLosses reference = losses(mse);
        TrainingLosses klLosses = losses(kl);
        assertNull(klLosses.mse());
        assertEquals(reference.vb(), klLosses.loss());
        assertTrue(klLosses.loss().mul(250).equalsWithEps(losses(rescaledKl).loss(), 1e-4));
    }

    @Test
    void startXTakesThePredictionFromTheOutputAndLearnedUsesItsLogVariance() {
        DiffusionSchedule schedule = GaussianDiffusion.create("10").schedule();
        GaussianDiffusion diffusion = new GaussianDiffusion(schedule, MeanType.START_X, VarianceType.LEARNED,
                LossType.MSE);
        INDArray output = new GaussianNoise(5).next(new long[] {3, 4, 2, 2});
        PMeanVariance p = diffusion.pMeanVarianceFromOutput(output, input(), T, false);
        assertEquals(Tensors.channels(output, 0, 2), p.predXstart());
        assertEquals(Tensors.channels(output, 2, 4), p.logVariance());
        assertTrue(Transforms.exp(p.logVariance(), true).equalsWithEps(p.variance(), 1e-6));
        PMeanVariance clipped = diffusion.pMeanVarianceFromOutput(output.mul(10), input(), T, true);
        assertTrue(clipped.predXstart().amaxNumber().doubleValue() <= 1.0);
    }

    private static TrainingLosses losses(GaussianDiffusion diffusion) {
        INDArray output = new GaussianNoise(6).next(new long[] {3, 4, 2, 2});
        Denoiser model = (x, t, y) -> Transforms.max(Transforms.min(output, 1.0, true), -1.0, false);
        INDArray xStart = Transforms.tanh(input(), true);
        return new DiffusionLosses(diffusion).trainingLosses(model, xStart, new int[] {0, 5, 99}, null,
                new GaussianNoise(7).next(SHAPE));
    }

    private static GaussianDiffusion fixed(boolean small) {
        return GaussianDiffusion.create(DiffusionConfig.builder().timestepRespacing("10").learnSigma(false)
                .sigmaSmall(small).build());
    }

    private static INDArray input() {
        return new GaussianNoise(8).next(SHAPE);
    }
}
