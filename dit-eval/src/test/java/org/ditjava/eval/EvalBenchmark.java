package org.ditjava.eval;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.ditjava.eval.features.ImageLayout;
import org.ditjava.eval.features.OnnxInceptionNetwork;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Timing figures for the module README (a program, not a test). Run from the repository root:
 * <pre>
 * mvn -B -q -pl dit-eval test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt
 * java -Xmx4g -cp dit-eval/target/test-classes:dit-eval/target/classes:$(cat dit-eval/target/cp.txt) \
 *     org.ditjava.eval.EvalBenchmark [dims] [repeats]
 * </pre>
 * Prints: Fréchet distance at {@code dims} (default 2048) for full-rank covariances (Cholesky
 * path) and rank-deficient ones (eigendecomposition path); streaming statistics rows/s; precision/
 * recall distance throughput; feature extraction images/s of the fixture's reduced Inception and
 * of a full-width random-weight one ({@link WideInception}), on 256×256 uint8 images.
 * {@code inception=0} as a third argument skips the networks.
 */
public final class EvalBenchmark {
    private EvalBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int d = args.length > 0 ? Integer.parseInt(args[0]) : 2048;
        int repeats = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        boolean inception = args.length <= 2 || !args[2].equals("inception=0");
        Nd4j.getRandom().setSeed(42);
        System.out.printf(Locale.ROOT, "threads %s, dims %d%n", System.getenv().getOrDefault("OMP_NUM_THREADS", "default"), d);
        FidStatistics a = statistics(3 * d, d, 0f);
        FidStatistics b = statistics(3 * d, d, 0.1f);
        time("frechet full-rank (Cholesky)", repeats, () -> FrechetDistance.compute(a, b));
        FidStatistics c = statistics(d / 2, d, 0f);
        FidStatistics e = statistics(d / 2, d, 0.1f);
        time("frechet rank-deficient (eigendecomposition)", repeats, () -> FrechetDistance.compute(c, e));
        int rows = 8192;
        INDArray feats = Nd4j.randn(DataType.FLOAT, rows, d);
        double s = time("statistics of " + rows + " rows", 1, () -> {
            StatisticsAccumulator acc = new StatisticsAccumulator(d);
            acc.add(feats);
            acc.statistics();
        });
        System.out.printf(Locale.ROOT, "  -> %.0f rows/s%n", rows / s);
        ManifoldEstimator est = new ManifoldEstimator(3, 4096, 4096);
        double t = time("precision/recall radii of " + rows + " rows", 1, () -> est.radii(feats));
        System.out.printf(Locale.ROOT, "  -> %.2f G distances/s%n", (double) rows * rows / t / 1e9);
        if (inception) {
            Path reduced = Path.of("dit-eval/src/test/resources/fixtures/inception/fid_inception_w16.onnx");
            extraction("reduced (widths/16) Inception", reduced, 16, 3);
            Path full = Path.of("dit-eval/target/fid_inception_full_random.onnx");
            if (!Files.isRegularFile(full)) {
                WideInception.write(reduced, full, 2024);
            }
            extraction("full-width random-weight Inception", full, 8, 2);
        }
    }

    private static void extraction(String what, Path onnx, int batch, int batches) throws IOException {
        long t0 = System.nanoTime();
        try (OnnxInceptionNetwork net = OnnxInceptionNetwork.load(onnx)) {
            System.out.printf(Locale.ROOT, "%-50s import %.1f s%n", what, (System.nanoTime() - t0) / 1e9);
            INDArray images = TestFiles.images(7, batch, 256, 256, 3);
            net.extract(images, ImageLayout.NHWC);
            double t = time(what + ", batch " + batch + " of 256x256", batches, () -> net.extract(images, ImageLayout.NHWC));
            System.out.printf(Locale.ROOT, "  -> %.2f images/s%n", batch / t);
        }
    }

    private static FidStatistics statistics(int n, int d, float shift) {
        StatisticsAccumulator acc = new StatisticsAccumulator(d);
        acc.add(Nd4j.randn(DataType.FLOAT, n, d).addi(shift));
        return acc.statistics();
    }

    private static double time(String what, int repeats, Runnable r) {
        double best = Double.MAX_VALUE;
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            r.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        System.out.printf(Locale.ROOT, "%-50s best of %d: %.2f s%n", what, repeats, best);
        return best;
    }
}
