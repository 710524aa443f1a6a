package org.ditjava.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Consumer;
import org.ditjava.eval.features.FeatureNetwork;
import org.ditjava.eval.input.ImageSource;
import org.ditjava.eval.input.ImageSources;
import org.ditjava.io.TensorFileException;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The whole evaluation, as {@code main} of guided-diffusion's {@code evaluations/evaluator.py}:
 * reference features (cached), sample features, then Inception Score, FID, sFID, precision and
 * recall. Also the same metrics from precomputed feature files.
 */
public final class Evaluation {
    private Evaluation() {
    }

    /**
     * Evaluates sample images ({@code .npz} or folder) against reference images.
     *
     * @param log progress and cache messages
     */
    public static EvalResult images(Path samples, Path reference, FeatureNetwork network, EvalSettings settings,
                                    Consumer<String> log) throws IOException {
        FeatureExtractor extractor = new FeatureExtractor(network, settings, done -> { });
        log.accept("reference features: " + reference);
        ReferenceFeatures ref = ReferenceCache.load(reference, network, extractor, settings, log);
        log.accept("sample features: " + samples);
        ExtractedFeatures sample;
        try (ImageSource src = ImageSources.open(samples)) {
            sample = extractor.run(src, true);
        }
        requireSameDim(samples, sample.pool(), reference, ref.pool());
        Map<Metric, Double> m = new EnumMap<>(Metric.class);
        if (sample.inceptionScore() != null) {
            m.put(Metric.INCEPTION_SCORE, sample.inceptionScore().value());
        }
        m.put(Metric.FID, frechet(sample.poolStats(), ref.poolStats(), settings, samples, reference));
        if (sample.spatialStats() != null && ref.spatialStats() != null) {
            m.put(Metric.SFID, frechet(sample.spatialStats(), ref.spatialStats(), settings, samples, reference));
        }
        putPrecisionRecall(m, settings, ref.pool(), sample.pool());
        return new EvalResult(m, sample.count(), ref.count(), network.id(), null, null);
    }

    /** The metrics from precomputed features: FID, precision, recall; IS with logits; sFID with spatial features on both sides. */
    public static EvalResult features(FeatureFiles samples, FeatureFiles reference, EvalSettings settings) throws IOException {
        INDArray s = FeatureFiles.read(samples.pool());
        INDArray r = FeatureFiles.read(reference.pool());
        requireSameDim(samples.pool(), s, reference.pool(), r);
        Map<Metric, Double> m = new EnumMap<>(Metric.class);
        if (samples.logits() != null) {
            INDArray logits = FeatureFiles.read(samples.logits());
            try {
                m.put(Metric.INCEPTION_SCORE, InceptionScore.of(logits, settings.splitSize()).value());
            } catch (NonFiniteFeatureException e) {
                throw new TensorFileException(samples.logits(), null, e.getMessage());
            }
        }
        m.put(Metric.FID, frechet(FeatureFiles.statistics(samples.pool(), s), FeatureFiles.statistics(reference.pool(), r),
                settings, samples.pool(), reference.pool()));
        if (samples.spatial() != null && reference.spatial() != null) {
            INDArray ss = FeatureFiles.read(samples.spatial());
            INDArray rs = FeatureFiles.read(reference.spatial());
            requireSameDim(samples.spatial(), ss, reference.spatial(), rs);
            m.put(Metric.SFID, frechet(FeatureFiles.statistics(samples.spatial(), ss), FeatureFiles.statistics(reference.spatial(), rs),
                    settings, samples.spatial(), reference.spatial()));
        }
        putPrecisionRecall(m, settings, r, s);
        return new EvalResult(m, s.rows(), r.rows(), "precomputed", null, null);
    }

    private static double frechet(FidStatistics sample, FidStatistics ref, EvalSettings settings, Path samplePath, Path refPath) {
        if (sample.dim() != ref.dim()) {
            throw new IllegalArgumentException("statistics of " + samplePath + " are " + sample.dim() + "-d but those of "
                    + refPath + " are " + ref.dim() + "-d (different feature networks?)");
        }
        return FrechetDistance.compute(sample, ref, settings.epsFallback()).value();
    }

    private static void putPrecisionRecall(Map<Metric, Double> m, EvalSettings settings, INDArray ref, INDArray sample) {
        PrecisionRecall pr = settings.manifoldEstimator().evaluate(ref, sample);
        m.put(Metric.PRECISION, pr.precision());
        m.put(Metric.RECALL, pr.recall());
    }

    private static void requireSameDim(Path a, INDArray fa, Path b, INDArray fb) {
        if (fa.columns() != fb.columns()) {
            throw new IllegalArgumentException(a + " has " + fa.columns() + "-d features but " + b + " has " + fb.columns() + "-d");
        }
    }
}
