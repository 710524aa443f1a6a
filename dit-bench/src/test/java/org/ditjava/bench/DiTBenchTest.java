package org.ditjava.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ditjava.diffusion.GaussianDiffusion;
import org.ditjava.model.BlockType;
import org.ditjava.model.DiTConfig;
import org.ditjava.model.DiTModel;
import org.ditjava.model.ParamSpec;
import org.ditjava.train.DiffusionDraw;
import org.ditjava.train.TrainPreset;
import org.ditjava.train.TrainingGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The bench runs and reports every field; timings themselves are not tested. */
class DiTBenchTest {
    private static final DiTConfig TINY = new DiTConfig(2, 16, 2, 2, 8, 4, 3, 0.1, true, BlockType.ADALN_ZERO, 2.0);

    @Test
    void reportHasEveryPhaseAndField() {
        BenchSpec spec = new BenchSpec("tiny", TINY, 2, 0, 2, 250, 4.0, EnumSet.allOf(BenchSpec.Phase.class), 0, 0,
                true);
        BenchReport report = DiTBench.run(spec);
        assertEquals(List.of("forward", "sample_step", "train_step"),
                report.phases().stream().map(PhaseResult::name).toList());
        String json = report.json();
        for (String field : List.of("\"implementation\": \"samediff\"", "\"macs_per_image\"", "\"median_s\"",
                "\"spread\"", "\"images_per_s\"", "\"hidden\"", "\"gflops\"", "\"fraction_of_ceiling\"", "\"peak_rss_bytes\"",
                "\"sgemm\"", "\"train_step\"", "\"sample_step\"", "\"forward\"", "\"load_before\"", "\"profiles\"", "\"outside_ops_s\"")) {
            assertTrue(json.contains(field), "JSON lacks " + field + ":\n" + json);
        }
        List<String> env = List.copyOf(report.environment().keySet());
        assertEquals(List.of("load_after", "javacpp_physical_bytes", "process_peak_rss_bytes"),
                env.subList(env.size() - 3, env.size()), "environment keeps its insertion order");
        assertTrue(json.indexOf("\"load_before\"") < json.indexOf("\"load_after\""), json);
        assertTrue(report.ceiling().gflopsPerSecond() > 0);
        assertTrue(report.phases().get(0).peakRssBytes() > 0);
        assertTrue(report.table().contains("250-step DDPM run with CFG for 2 images"));
        assertEquals(3, report.profiles().size());
        assertTrue(report.profiles().get(2).ops().stream().anyMatch(o -> o.op().startsWith("matmul_bp")),
                "the training profile sees the backward ops");
    }

    @Test
    void trainStepGradientsEqualAnIndependentTrainingGraph() {
        Map<String, INDArray> weights = randomWeights(TINY);
        BenchInputs in = BenchInputs.of(TINY, 3, 1);
        TrainWorkload bench = new TrainWorkload(DiTModel.withWeights(TINY, copy(weights), DataType.FLOAT), in, 0);
        // a second model built on its own from the same weights, outside the bench
        TrainingGraph reference = TrainingGraph.create(DiTModel.withWeights(TINY, copy(weights), DataType.FLOAT),
                GaussianDiffusion.create(""));
        for (int call = 0; call < 2; call++) {
            DiffusionDraw draw = DiffusionDraw.draw(new SplittableRandom(call), 1000, in.labels(), in.x().shape(), TINY);
            Map<String, INDArray> want = reference.gradients(in.x(), draw).gradients();
            Map<String, INDArray> got = bench.gradients(draw);
            assertEquals(want.keySet(), got.keySet());
            assertTrue(want.values().stream().anyMatch(g -> g.norm2Number().doubleValue() > 0), "all-zero gradients");
            want.forEach((k, v) -> assertEquals(v, got.get(k), k));
        }
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> weights) {
        Map<String, INDArray> c = new LinkedHashMap<>();
        weights.forEach((k, v) -> c.put(k, v.dup()));
        return c;
    }

    @Test
    void specRejectsNonsense() {
        var all = EnumSet.allOf(BenchSpec.Phase.class);
        assertThrows(IllegalArgumentException.class, () -> new BenchSpec("x", TINY, 0, 0, 1, 250, 4, all, 0, 0, false));
        assertThrows(IllegalArgumentException.class, () -> BenchSpec.Phase.parse("backward"));
        assertEquals(TrainPreset.FMNIST_QUICK.config(null).microBatch(),
                BenchPresets.spec("fmnist-quick", 4, null, 0, 1, 250, 4, all, 0, 0, false).batch());
    }

    private static Map<String, INDArray> randomWeights(DiTConfig config) {
        DiTModel fresh = DiTModel.initialized(config, 0, DataType.FLOAT);
        Map<String, INDArray> w = fresh.weights();
        SplittableRandom rng = new SplittableRandom(7);
        for (ParamSpec spec : fresh.params().all()) {
            if (spec.trainable()) {
                double[] v = new double[(int) spec.numel()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = 0.3 * rng.nextGaussian();
                }
                w.put(spec.name(), Nd4j.createFromArray(v).reshape(spec.shape()).castTo(DataType.FLOAT));
            }
        }
        return w;
    }
}
