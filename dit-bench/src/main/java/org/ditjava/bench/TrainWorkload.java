package org.ditjava.bench;

import java.util.Map;
import java.util.SplittableRandom;
import org.ditjava.diffusion.GaussianDiffusion;
import org.ditjava.model.DiTModel;
import org.ditjava.model.SameDiffGradients;
import org.ditjava.train.Adam;
import org.ditjava.train.AdamConfig;
import org.ditjava.train.DiffusionDraw;
import org.ditjava.train.Ema;
import org.ditjava.train.MemoryGovernor;
import org.ditjava.train.TrainingGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One full training step as dit-train's {@code TrainStep} takes it (DiT train.py): draw timesteps,
 * label drop and noise ({@link DiffusionDraw}), the hybrid loss L_simple + L_vb of
 * {@link TrainingGraph} and its gradients, the global gradient norm (dit-train's divergence check),
 * an AdamW update ({@link Adam}, the paper's settings), the EMA update ({@link Ema}, 0.9999) and
 * dit-train's {@link MemoryGovernor#relieve} (a collection when the RSS is above 1 GiB, which frees
 * the host-side temporaries of Adam and EMA that ND4J only frees on collection).
 *
 * <p>The gradients are {@code TrainingGraph.gradients}' own, which run dit-model's {@link SameDiffGradients}
 * (intermediates released as soon as they are dead).
 */
public final class TrainWorkload implements Runnable {
    /** The paper's EMA decay. */
    public static final double EMA_DECAY = 0.9999;

    private final TrainingGraph graph;
    private final Adam adam;
    private final Ema ema;
    private final Map<String, INDArray> params;
    private final Map<String, INDArray> all;
    private final BenchInputs in;
    private final SplittableRandom rng;

    public TrainWorkload(DiTModel model, BenchInputs in, long seed) {
        this.graph = TrainingGraph.create(model, GaussianDiffusion.create(""));
        this.params = graph.trainableParameters();
        this.all = graph.parameters();
        this.adam = new Adam(AdamConfig.PAPER, params);
        this.ema = new Ema(EMA_DECAY, all);
        this.in = in;
        this.rng = new SplittableRandom(seed);
    }

    @Override
    public void run() {
        DiffusionDraw draw = DiffusionDraw.draw(rng, graph.diffusion().numTimesteps(), in.labels(), in.x().shape(),
                graph.model().config());
        Map<String, INDArray> grads = gradients(draw);
        double sq = 0;
        for (INDArray g : grads.values()) {
            double n = g.norm2Number().doubleValue();
            sq += n * n;
        }
        if (!Double.isFinite(sq)) {
            throw new IllegalStateException("gradient norm is not finite");
        }
        adam.update(params, grads);
        ema.update(all);
        MemoryGovernor.relieve();
    }

    /** The gradients of one draw, as {@link #run} computes them (no update). */
    Map<String, INDArray> gradients(DiffusionDraw draw) {
        return graph.gradients(in.x(), draw).gradients();
    }
}
