package org.ditjava.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import org.ditjava.eval.features.FeatureBatch;
import org.ditjava.eval.features.ImageLayout;
import org.ditjava.io.Npy;
import org.ditjava.io.TensorFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The whole pipeline on a toy network: streaming, batch-size independence, the reference cache, feature files. */
class EvaluationTest {
    private static final int H = 6;
    private static final int W = 5;

    @TempDir
    Path dir;

    private final List<String> log = new ArrayList<>();

    private static ToyNetwork network() {
        return new ToyNetwork(3 * H * W, 12, 20, 9);
    }

    private static EvalSettings settings(int batch) {
        return new EvalSettings(batch, 17, 3, 8, EpsFallback.SUITE, true, ReferenceStatistics.FILE);
    }

    @Test
    void streamedEvaluationEqualsTheMetricsOfOneShotFeatures() throws IOException {
        INDArray sampleImages = TestFiles.images(10, 40, H, W, 3);
        INDArray refImages = TestFiles.images(11, 33, H, W, 3);
        Path samples = TestFiles.npz(dir.resolve("samples.npz"), sampleImages);
        Path ref = TestFiles.npz(dir.resolve("ref.npz"), refImages);
        EvalResult r = Evaluation.images(samples, ref, network(), settings(0), log::add);

        ToyNetwork net = network();
        FeatureBatch s = net.extract(sampleImages, ImageLayout.NHWC);
        FeatureBatch f = net.extract(refImages, ImageLayout.NHWC);
        double fid = FrechetDistance.compute(StatisticsParityTest.oneShot(s.pool()), StatisticsParityTest.oneShot(f.pool())).value();
        double sfid = FrechetDistance.compute(StatisticsParityTest.oneShot(s.spatial()), StatisticsParityTest.oneShot(f.spatial())).value();
        PrecisionRecall pr = new ManifoldEstimator(3, 1000, 1000).evaluate(f.pool(), s.pool());
        // the toy network's float32 products differ in the last bits between batch shapes
        assertEquals(fid, r.metrics().get(Metric.FID), 1e-5 * fid);
        assertEquals(sfid, r.metrics().get(Metric.SFID), 1e-5 * sfid);
        assertEquals(InceptionScore.of(s.logits(), 17).value(), r.metrics().get(Metric.INCEPTION_SCORE), 1e-5);
        assertEquals(pr.precision(), r.metrics().get(Metric.PRECISION));
        assertEquals(pr.recall(), r.metrics().get(Metric.RECALL));
        assertEquals(40, r.samples());
        assertEquals(33, r.references());

        EvalResult otherBatch = Evaluation.images(samples, ref, network(), new EvalSettings(3, 17, 3, 5, EpsFallback.SUITE, false, ReferenceStatistics.FILE), log::add);
        // batch size 3 vs whole-set batches: the same float32 rounding caveat as above (exact on an AVX2
        // OpenBLAS; last-bit differences, 2e-7 relative, with its AVX-512 kernels and with oneDNN, which picks
        // its product kernel by the batch shape); the nearest-neighbour counts stay exact
        for (Metric m : List.of(Metric.FID, Metric.SFID, Metric.INCEPTION_SCORE)) {
            double want = r.metrics().get(m);
            assertEquals(want, otherBatch.metrics().get(m), 1e-6 * Math.abs(want), "batch sizes do not change " + m);
        }
        assertEquals(r.metrics().get(Metric.PRECISION), otherBatch.metrics().get(Metric.PRECISION));
        assertEquals(r.metrics().get(Metric.RECALL), otherBatch.metrics().get(Metric.RECALL));
    }

    @Test
    void referenceFeaturesAreCachedAndInvalidated() throws IOException {
        Path samples = TestFiles.npz(dir.resolve("s.npz"), TestFiles.images(20, 12, H, W, 3));
        Path ref = TestFiles.npz(dir.resolve("r.npz"), TestFiles.images(21, 15, H, W, 3));
        ToyNetwork net = network();
        EvalResult first = Evaluation.images(samples, ref, net, settings(0), log::add);
        Path cache = ReferenceCache.cacheFile(ref, net.id());
        assertTrue(Files.isRegularFile(cache), "cache beside the reference: " + cache);
        assertTrue(Files.list(dir).noneMatch(p -> p.getFileName().toString().contains(".tmp")), "no temporary files left");
        int callsBefore = net.calls;
        EvalResult second = Evaluation.images(samples, ref, net, settings(0), log::add);
        assertEquals(first.metrics(), second.metrics());
        assertEquals(callsBefore + 3, net.calls, "only the 12 samples went through the network (batches of 5)");

        Files.setLastModifiedTime(ref, FileTime.fromMillis(Files.getLastModifiedTime(ref).toMillis() + 5000));
        Evaluation.images(samples, ref, net, settings(0), log::add);
        assertTrue(log.stream().anyMatch(l -> l.contains("stale")), String.valueOf(log));
    }

    @Test
    void precomputedReferenceStatisticsAreUsedForFid() throws IOException {
        INDArray refImages = TestFiles.images(31, 15, H, W, 3);
        Path samples = TestFiles.npz(dir.resolve("s.npz"), TestFiles.images(30, 12, H, W, 3));
        FeatureBatch f = network().extract(refImages, ImageLayout.NHWC);
        FidStatistics shifted = new FidStatistics(StatisticsParityTest.oneShot(f.pool()).mu().add(1f),
                StatisticsParityTest.oneShot(f.pool()).sigma());
        Path plain = TestFiles.npz(dir.resolve("plain.npz"), refImages);
        Path withStats = TestFiles.npz(dir.resolve("stats.npz"), refImages, "mu", shifted.mu(), "sigma", shifted.sigma());
        EvalResult a = Evaluation.images(samples, plain, network(), settings(0), log::add);
        EvalResult b = Evaluation.images(samples, withStats, network(), settings(0), log::add);
        assertFalse(a.metrics().get(Metric.FID).equals(b.metrics().get(Metric.FID)));
        assertEquals(a.metrics().get(Metric.PRECISION), b.metrics().get(Metric.PRECISION));
        assertEquals(a.metrics().get(Metric.SFID), b.metrics().get(Metric.SFID), "no mu_s: sFID from the images");
        EvalSettings recompute = new EvalSettings(0, 17, 3, 8, EpsFallback.SUITE, false, ReferenceStatistics.IMAGES);
        EvalResult c = Evaluation.images(samples, withStats, network(), recompute, log::add);
        assertEquals(a.metrics().get(Metric.FID), c.metrics().get(Metric.FID), "--ref-stats images ignores the file's mu/sigma");
    }

    @Test
    void featureFilesGiveTheFixtureMetrics() throws IOException {
        EvalFixture fx = EvalFixture.get();
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        Path logits = dir.resolve("logits.npy");
        Npy.write(a, fx.array("fid.feat1"));
        Npy.write(b, fx.array("fid.feat2"));
        Npy.write(logits, fx.array("is.logits"));
        EvalSettings s = new EvalSettings(0, fx.integer("is.split_size"), fx.integer("pr.k"), fx.integer("pr.batch_size"), EpsFallback.SUITE, false, ReferenceStatistics.FILE);
        EvalResult r = Evaluation.features(new FeatureFiles(a, logits, null), FeatureFiles.pool(b), s);
        assertTrue(EvalFixture.rel(r.metrics().get(Metric.FID), fx.scalar("fid.value")) <= 1e-6);
        assertTrue(EvalFixture.rel(r.metrics().get(Metric.INCEPTION_SCORE), fx.scalar("is.value")) <= 1e-5);
        assertFalse(r.metrics().containsKey(Metric.SFID));

        Npy.write(a, fx.array("pr.sample"));
        Npy.write(b, fx.array("pr.ref"));
        EvalResult pr = Evaluation.features(FeatureFiles.pool(a), FeatureFiles.pool(b), s);
        assertEquals(fx.scalar("pr.precision"), pr.metrics().get(Metric.PRECISION));
        assertEquals(fx.scalar("pr.recall"), pr.metrics().get(Metric.RECALL));
        assertEquals(r.toJson(), EvalResult.fromJson(r.toJson()).toJson());
    }

    @Test
    void badFeatureFilesNameTheFile() throws IOException {
        Path good = dir.resolve("good.npy");
        Npy.write(good, TestFiles.gaussian(1, 10, 4));
        Path nan = dir.resolve("nan.npy");
        INDArray bad = TestFiles.gaussian(2, 10, 4);
        bad.putScalar(3, 1, Float.NaN);
        Npy.write(nan, bad);
        TensorFileException e = assertThrows(TensorFileException.class,
                () -> Evaluation.features(FeatureFiles.pool(nan), FeatureFiles.pool(good), settings(0)));
        assertTrue(e.getMessage().contains("nan.npy") && e.getMessage().contains("NaN"), e.getMessage());
        Path ints = dir.resolve("ints.npy");
        Npy.write(ints, Nd4j.ones(DataType.INT, 10, 4));
        e = assertThrows(TensorFileException.class, () -> Evaluation.features(FeatureFiles.pool(ints), FeatureFiles.pool(good), settings(0)));
        assertTrue(e.getMessage().contains("ints.npy") && e.getMessage().contains("float32"), e.getMessage());
        Path one = dir.resolve("one.npy");
        Npy.write(one, TestFiles.gaussian(3, 1, 4));
        e = assertThrows(TensorFileException.class, () -> Evaluation.features(FeatureFiles.pool(good), FeatureFiles.pool(one), settings(0)));
        assertTrue(e.getMessage().contains("one.npy") && e.getMessage().contains("at least 2"), e.getMessage());
        Path wide = dir.resolve("wide.npy");
        Npy.write(wide, TestFiles.gaussian(4, 10, 5));
        IllegalArgumentException d = assertThrows(IllegalArgumentException.class,
                () -> Evaluation.features(FeatureFiles.pool(good), FeatureFiles.pool(wide), settings(0)));
        assertTrue(d.getMessage().contains("wide.npy"), d.getMessage());
    }

    @Test
    void nanFeaturesFromTheNetworkNameTheSampleFile() throws IOException {
        Path samples = TestFiles.npz(dir.resolve("s.npz"), TestFiles.images(40, 6, H, W, 3));
        ToyNetwork toy = network();
        org.ditjava.eval.features.FeatureNetwork broken = new org.ditjava.eval.features.FeatureNetwork() {
            @Override
            public FeatureBatch extract(INDArray images) {
                FeatureBatch f = toy.extract(images);
                INDArray pool = f.pool().dup();
                pool.putScalar(images.size(0) - 1, 2, Float.NaN);
                return new FeatureBatch(pool, f.logits(), f.spatial());
            }

            @Override
            public String id() {
                return "broken";
            }
        };
        try (var src = org.ditjava.eval.input.ImageSources.open(samples)) {
            IOException e = assertThrows(IOException.class, () -> new FeatureExtractor(broken, settings(0), n -> { }).run(src, true));
            assertTrue(e.getMessage().contains("s.npz") && e.getMessage().contains("NaN"), e.getMessage());
        }
    }
}
