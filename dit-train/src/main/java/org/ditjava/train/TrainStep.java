package org.ditjava.train;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.ditjava.data.Cursor;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One optimiser step of DiT train.py's loop: for each micro-batch draw (t, dropped labels, ε) from
 * the step's own generator ({@link StepRandom}), compute the hybrid loss and its gradients; average
 * the gradients; refuse to go on if anything is not finite; Adam update; EMA update.
 */
final class TrainStep {
    private final TrainingGraph graph;
    private final Adam adam;
    private final Ema ema;
    private final TrainConfig config;
    private final Map<String, INDArray> trainable;
    private final Map<String, INDArray> all;

    TrainStep(TrainingGraph graph, Adam adam, Ema ema, TrainConfig config) {
        this.graph = graph;
        this.adam = adam;
        this.ema = ema;
        this.config = config;
        this.trainable = graph.trainableParameters();
        this.all = graph.parameters();
    }

    /** Runs step {@code step} (0-based: the number of steps taken before it) on the next batches of {@code data}. */
    StepOutcome run(TrainingData data, long step) throws IOException {
        int k = config.accumulation();
        LossTerms sum = new LossTerms(0, 0, 0);
        Map<String, INDArray> grads = null;
        Cursor cursor = null;
        int images = 0;
        for (int micro = 0; micro < k; micro++) {
            TrainingBatch batch = data.next();
            DiffusionDraw draw = DiffusionDraw.draw(StepRandom.of(config.seed(), step, micro), config.diffusionSteps(),
                    batch.labels(), batch.x().shape(), config.model());
            TrainingGraph.StepGradients g = graph.gradients(batch.x(), draw);
            sum = sum.plus(g.terms());
            grads = grads == null ? copyIfAccumulating(g.gradients(), k) : add(grads, g.gradients());
            cursor = batch.next();
            images += (int) batch.x().size(0);
            if (k > 1) {
                MemoryGovernor.relieve();
            }
        }
        if (k > 1) {
            grads.values().forEach(a -> a.divi(k));
        }
        LossTerms terms = sum.div(k);
        double norm = globalNorm(grads);
        if (!terms.isFinite() || !Double.isFinite(norm)) {
            throw new DivergedException(String.format(Locale.ROOT, "step %d: the loss is not finite (loss %s, mse %s, "
                    + "vb %s, gradient norm %s); the weights were not updated with it", step + 1, terms.loss(), terms.mse(),
                    terms.vb(), norm));
        }
        adam.update(trainable, grads);
        ema.update(all);
        MemoryGovernor.relieve();
        return new StepOutcome(terms, norm, cursor, images);
    }

    private static Map<String, INDArray> copyIfAccumulating(Map<String, INDArray> g, int k) {
        if (k == 1) {
            return g;
        }
        Map<String, INDArray> out = new LinkedHashMap<>();
        g.forEach((name, a) -> out.put(name, a.dup()));
        return out;
    }

    private static Map<String, INDArray> add(Map<String, INDArray> acc, Map<String, INDArray> g) {
        acc.forEach((name, a) -> a.addi(g.get(name)));
        return acc;
    }

    private static double globalNorm(Map<String, INDArray> grads) {
        double sq = 0;
        for (INDArray g : grads.values()) {
            double n = g.norm2Number().doubleValue();
            sq += n * n;
        }
        return Math.sqrt(sq);
    }
}
