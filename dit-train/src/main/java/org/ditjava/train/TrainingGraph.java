package org.ditjava.train;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.ditjava.diffusion.GaussianDiffusion;
import org.ditjava.diffusion.LossType;
import org.ditjava.diffusion.MeanType;
import org.ditjava.diffusion.VarianceType;
import org.ditjava.model.DiTConfig;
import org.ditjava.model.DiTGraph;
import org.ditjava.model.DiTModel;
import org.ditjava.model.ParamSpec;
import org.ditjava.model.SameDiffGradients;
import org.ditjava.model.SameDiffQuiet;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A DiT graph with the {@link HybridLoss} on top: feeds a batch x_0, its {@link DiffusionDraw} and
 * the per-sample schedule values, and returns the loss terms and the gradient of every trainable
 * tensor (DiT train.py: {@code diffusion.training_losses(model, x, t, model_kwargs)} then
 * {@code loss.backward()}). x_t is made on the host with dit-diffusion's {@code qSample}.
 */
public final class TrainingGraph {
    private final DiTModel model;
    private final GaussianDiffusion diffusion;
    private final TimestepCoefficients coefficients;
    private final HybridLoss.Handles loss;
    private final List<String> trainable;

    private TrainingGraph(DiTModel model, GaussianDiffusion diffusion) {
        this.model = model;
        this.diffusion = diffusion;
        this.coefficients = new TimestepCoefficients(diffusion);
        DiTGraph g = model.graph();
        DiTConfig c = model.config();
        this.loss = HybridLoss.attach(g.sd(), g.out(), g.x(), c.inChannels(), c.inputSize(), c.learnSigma(), g.dtype());
        g.sd().setLossVariables(loss.loss());
        this.trainable = List.copyOf(model.trainableNames());
        SameDiffQuiet.createGradFunction(g.sd());
    }

    /** Adds the loss to {@code model}'s graph; the diffusion must be DiT's (ε prediction, MSE loss type). */
    public static TrainingGraph create(DiTModel model, GaussianDiffusion diffusion) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(diffusion, "diffusion");
        if (diffusion.meanType() != MeanType.EPSILON || diffusion.lossType() != LossType.MSE) {
            throw new IllegalArgumentException("training supports DiT's objective only (epsilon prediction, MSE "
                    + "loss type), not " + diffusion.meanType() + " / " + diffusion.lossType());
        }
        boolean learned = diffusion.varianceType() == VarianceType.LEARNED_RANGE;
        if (learned != model.config().learnSigma() || diffusion.varianceType() == VarianceType.LEARNED) {
            throw new IllegalArgumentException("the model's learnSigma=" + model.config().learnSigma()
                    + " does not fit the diffusion's variance " + diffusion.varianceType()
                    + " (DiT: learned range with learnSigma, fixed otherwise)");
        }
        return new TrainingGraph(model, diffusion);
    }

    public DiTModel model() {
        return model;
    }

    public GaussianDiffusion diffusion() {
        return diffusion;
    }

    public HybridLoss.Handles lossHandles() {
        return loss;
    }

    /**
     * Loss terms and gradients (by official tensor name) of one batch, through dit-model's
     * {@link SameDiffGradients} (M2.1's {@code calculateGradientsAndOutputs} keeps every intermediate
     * array alive until the call returns; that one frees each after its last use, same values).
     */
    public StepGradients gradients(INDArray xStart, DiffusionDraw draw) {
        OutAndGrad r = SameDiffGradients.outputsAndGradients(model.graph().sd(), feed(xStart, draw), outputNames(),
                trainable);
        return new StepGradients(r.getGradients(), terms(r.getOutputs()));
    }

    /** The live weight arrays of the graph (all tensors, {@code state_dict} order). */
    public Map<String, INDArray> parameters() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (ParamSpec spec : model.params().all()) {
            out.put(spec.name(), model.graph().sd().getArrForVarName(spec.name()));
        }
        return out;
    }

    /** The live arrays of the trainable tensors (all but {@code pos_embed}). */
    public Map<String, INDArray> trainableParameters() {
        Map<String, INDArray> out = new LinkedHashMap<>();
        for (String name : trainable) {
            out.put(name, model.graph().sd().getArrForVarName(name));
        }
        return out;
    }

    private List<String> outputNames() {
        List<String> names = new ArrayList<>(List.of(loss.loss().name(), loss.mse().name()));
        if (loss.vb() != null) {
            names.add(loss.vb().name());
        }
        return names;
    }

    private LossTerms terms(Map<String, INDArray> out) {
        double vb = loss.vb() == null ? 0.0 : out.get(loss.vb().name()).meanNumber().doubleValue();
        return new LossTerms(out.get(loss.loss().name()).getDouble(0),
                out.get(loss.mse().name()).meanNumber().doubleValue(), vb);
    }

    private Map<String, INDArray> feed(INDArray xStart, DiffusionDraw draw) {
        int[] t = draw.t();
        INDArray xT = diffusion.qSample(xStart, t, draw.noise());
        Map<String, INDArray> ph = new LinkedHashMap<>(model.placeholders(xT, diffusion.modelTimesteps(t), draw.labels()));
        var dtype = model.graph().dtype();
        ph.put(loss.xStart().name(), xStart.castTo(dtype));
        ph.put(loss.noise().name(), draw.noise().castTo(dtype));
        for (HybridLoss.Coefficient c : HybridLoss.Coefficient.values()) {
            ph.put(c.placeholderName(), coefficients.lookup(c, t).castTo(dtype));
        }
        return ph;
    }

    /**
     * Gradients and loss terms of one batch.
     *
     * @param gradients d loss / d tensor, by official name (trainable tensors only)
     * @param terms     the batch's loss terms
     */
    public record StepGradients(Map<String, INDArray> gradients, LossTerms terms) {
    }
}
