package org.ditjava.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.ditjava.diffusion.GaussianDiffusion;
import org.ditjava.model.DiTModel;
import org.ditjava.model.SameDiffGradients;
import org.ditjava.train.Adam;
import org.ditjava.train.AdamConfig;
import org.ditjava.train.DiffusionDraw;
import org.ditjava.train.Ema;
import org.ditjava.train.HybridLoss;
import org.ditjava.train.MemoryGovernor;
import org.ditjava.train.TimestepCoefficients;
import org.ditjava.train.TrainingGraph;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One full training step as dit-train's {@code TrainStep} takes it (DiT train.py): draw timesteps,
 * label drop and noise ({@link DiffusionDraw}), the hybrid loss L_simple + L_vb of
 * {@link TrainingGraph} and its gradients, the global gradient norm (dit-train's divergence check),
 * an AdamW update ({@link Adam}, the paper's settings), the EMA update ({@link Ema}, 0.9999) and
 * dit-train's {@link MemoryGovernor#relieve} (a collection when the RSS is above 1 GiB, which frees
 * the host-side temporaries of Adam and EMA that ND4J only frees on collection).
 *
 * <p>Deviation, until dit-train adopts it: the gradients come from
 * {@link SameDiffGradients#outputsAndGradients} (intermediates released as soon as they are dead)
 * fed exactly as {@code TrainingGraph.gradients} feeds {@code calculateGradientsAndOutputs}; with
 * {@link Mode#TRAINING_GRAPH} it calls {@code TrainingGraph.gradients} itself.
 */
public final class TrainWorkload implements Runnable {
    /** The paper's EMA decay. */
    public static final double EMA_DECAY = 0.9999;

    /** Which gradient path to time. */
    public enum Mode { RELEASING, TRAINING_GRAPH }

    private final TrainingGraph graph;
    private final TimestepCoefficients coefficients;
    private final Adam adam;
    private final Ema ema;
    private final Map<String, INDArray> params;
    private final Map<String, INDArray> all;
    private final List<String> trainable;
    private final BenchInputs in;
    private final SplittableRandom rng;
    private final Mode mode;

    public TrainWorkload(DiTModel model, BenchInputs in, long seed, Mode mode) {
        this.graph = TrainingGraph.create(model, GaussianDiffusion.create(""));
        this.coefficients = new TimestepCoefficients(graph.diffusion());
        this.params = graph.trainableParameters();
        this.all = graph.parameters();
        this.trainable = List.copyOf(params.keySet());
        this.adam = new Adam(AdamConfig.PAPER, params);
        this.ema = new Ema(EMA_DECAY, all);
        this.in = in;
        this.rng = new SplittableRandom(seed);
        this.mode = mode;
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

    /** The gradients of one draw by the chosen path (no update). */
    Map<String, INDArray> gradients(DiffusionDraw draw) {
        return mode == Mode.TRAINING_GRAPH ? graph.gradients(in.x(), draw).gradients()
                : releasingGradients(draw).getGradients();
    }

    private OutAndGrad releasingGradients(DiffusionDraw draw) {
        DiTModel model = graph.model();
        int[] t = draw.t();
        INDArray xT = graph.diffusion().qSample(in.x(), t, draw.noise());
        Map<String, INDArray> feed = new LinkedHashMap<>(model.placeholders(xT, graph.diffusion().modelTimesteps(t),
                draw.labels()));
        HybridLoss.Handles h = graph.lossHandles();
        var dtype = model.graph().dtype();
        feed.put(h.xStart().name(), in.x().castTo(dtype));
        feed.put(h.noise().name(), draw.noise().castTo(dtype));
        for (HybridLoss.Coefficient c : HybridLoss.Coefficient.values()) {
            feed.put(c.placeholderName(), coefficients.lookup(c, t).castTo(dtype));
        }
        return SameDiffGradients.outputsAndGradients(model.graph().sd(), feed, List.of(h.loss().name()), trainable);
    }
}
