package org.ditjava.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Every sampler, driven by the exact score of known data ({@link ExactScore}), produces samples whose mean and
 * variance match the data's. Channel 0 is N(0.3, 0.5^2), channel 1 the two-Gaussian mixture 0.4 N(-0.6,
 * 0.15^2) + 0.6 N(0.5, 0.25^2) (mean 0.06, variance 0.3369); 4096 samples per channel. Tolerances: the mean
 * within 0.03 (about 4 standard errors, 0.5 / sqrt(4096) = 0.008) and the variance within 8 % (4 standard
 * errors of a Gaussian's sample variance, sqrt(2 / 4096) = 2.2 %, are 9 %).
 * Variance within 10 %: 3 standard errors of the sample variance (6.6 %) plus an allowance for the
 * deterministic samplers' discretisation bias at the step counts of {@link SamplerCase} (measured with this
 * seed: at most +6.8 %, DPM-Solver++ with a second-order final step).
 */
class SampleDistributionTest {

    private static final ExactScore.Mixture[] DATA = {ExactScore.Mixture.gaussian(0.3, 0.5),
        new ExactScore.Mixture(new double[] {0.4, 0.6}, new double[] {-0.6, 0.5}, new double[] {0.15, 0.25})};
    private static final long[] SHAPE = {256, 2, 4, 4};

    @ParameterizedTest
    @EnumSource(SamplerCase.class)
    void samplesHaveTheDataMeanAndVariance(SamplerCase kind) {
        DiffusionConfig config = DiffusionConfig.of(Integer.toString(kind.steps));
        Sampler sampler = kind.create(GaussianDiffusion.create(config));
        ExactScore score = new ExactScore(DATA, GaussianDiffusion.create(DiffusionConfig.of("")).schedule(), true);
        INDArray out = sampler.sampleLoop(score, SHAPE, null, null, new GaussianNoise(5), SamplingListener.NONE)
                .castTo(DataType.DOUBLE);
        for (int c = 0; c < DATA.length; c++) {
            double[] v = out.get(org.nd4j.linalg.indexing.NDArrayIndex.all(),
                    org.nd4j.linalg.indexing.NDArrayIndex.point(c)).dup().data().asDouble();
            double mean = java.util.Arrays.stream(v).average().orElseThrow();
            double variance = java.util.Arrays.stream(v).map(a -> (a - mean) * (a - mean)).sum() / (v.length - 1);
            System.out.printf(java.util.Locale.ROOT, "%s channel %d: mean %.4f (data %.4f), variance %.4f (data %.4f)%n",
                    kind, c, mean, DATA[c].mean(), variance, DATA[c].variance());
            assertEquals(DATA[c].mean(), mean, 0.03, kind + " channel " + c + " mean");
            assertEquals(DATA[c].variance(), variance, 0.10 * DATA[c].variance(), kind + " channel " + c + " variance");
        }
    }
}
