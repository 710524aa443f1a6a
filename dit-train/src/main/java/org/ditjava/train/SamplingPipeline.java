package org.ditjava.train;

import java.util.Objects;
import org.ditjava.diffusion.ClassifierFreeGuidance;
import org.ditjava.diffusion.Denoiser;
import org.ditjava.diffusion.DiffusionConfig;
import org.ditjava.diffusion.GaussianNoise;
import org.ditjava.diffusion.GuidanceInterval;
import org.ditjava.diffusion.GuidedChannels;
import org.ditjava.diffusion.NoiseSource;
import org.ditjava.diffusion.Sampler;
import org.ditjava.diffusion.SamplingListener;
import org.ditjava.model.DiTConfig;
import org.ditjava.model.DiTModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Class-conditional sampling from a DiT, as DiT's sample.py: x_T ~ N(0, I); with guidance the batch is
 * doubled ({@code z = cat([z, z])}, labels then the null class) and run through
 * {@code forward_with_cfg}; the reverse process runs on the chosen respaced chain; the first half is
 * kept and decoded ({@link LatentDecoder}). Guidance applies in the spec's {@link GuidanceInterval} only;
 * outside it the null half is not run (see {@link ClassifierFreeGuidance}). Noise comes from a seeded {@link GaussianNoise}, so a
 * (seed, labels) pair always gives the same images.
 */
public final class SamplingPipeline {
    private final DiTModel model;
    private final Sampler sampler;
    private final double cfgScale;
    private final GuidedChannels channels;
    private final GuidanceInterval interval;
    private final LatentDecoder decoder;

    /**
     * @param diffusion the diffusion the model was trained with (respaced here to {@code spec})
     * @param cfgScale  guidance scale; 1 samples the conditional model alone (half the cost)
     * @param channels  the guided output channels
     */
    public SamplingPipeline(DiTModel model, DiffusionConfig diffusion, SamplerSpec spec, double cfgScale,
                            GuidedChannels channels, LatentDecoder decoder) {
        this.model = Objects.requireNonNull(model, "model");
        if (spec.steps() > diffusion.diffusionSteps()) {
            throw new IllegalArgumentException("cannot sample with " + spec.steps() + " steps from a "
                    + diffusion.diffusionSteps() + "-step diffusion");
        }
        this.sampler = spec.create(diffusion);
        if (!(cfgScale >= 1) || !Double.isFinite(cfgScale)) {
            throw new IllegalArgumentException("--cfg-scale must be a finite number >= 1, got " + cfgScale);
        }
        if (cfgScale > 1 && !model.config().hasNullClass()) {
            throw new IllegalArgumentException("guidance (--cfg-scale " + cfgScale + ") needs a model trained with label dropout");
        }
        this.interval = spec.guidanceInterval().checkWithin(diffusion.diffusionSteps());
        if (cfgScale == 1 && !interval.equals(GuidanceInterval.ALL)) {
            throw new IllegalArgumentException("--guidance-interval " + interval + " needs guidance (--cfg-scale > 1)");
        }
        this.cfgScale = cfgScale;
        this.channels = Objects.requireNonNull(channels, "channels");
        this.decoder = Objects.requireNonNull(decoder, "decoder");
    }

    /**
     * The guided channels to use by default: the official three for the paper's 4-channel latents; every
     * ε channel for models with fewer than three channels, where the official slice would also guide the
     * variance channels (a deliberate deviation).
     */
    public static GuidedChannels defaultChannels(DiTConfig config) {
        return config.inChannels() >= 3 ? GuidedChannels.FIRST_THREE : GuidedChannels.ALL_EPSILON;
    }

    /** Images in [−1, 1] (n, C', H', W') for {@code labels}, from the noise of {@code noiseSeed}. */
    public INDArray sample(long[] labels, long noiseSeed, SamplingListener listener) {
        DiTConfig c = model.config();
        for (long y : labels) {
            if (y < 0 || y >= c.numClasses()) {
                throw new IllegalArgumentException("class " + y + " is outside 0.." + (c.numClasses() - 1));
            }
        }
        int n = labels.length;
        long[] shape = {n, c.inChannels(), c.inputSize(), c.inputSize()};
        NoiseSource noise = new GaussianNoise(noiseSeed);
        SamplingListener relieving = (step, total, result) -> {
            MemoryGovernor.relieve();
            listener.onStep(step, total, result);
        };
        INDArray z = noise.next(shape);
        INDArray x0;
        if (cfgScale == 1) {
            x0 = sampler.sampleLoop(model::forward, shape, Nd4j.createFromArray(labels), z, noise, relieving);
        } else {
            long[] both = new long[2 * n];
            System.arraycopy(labels, 0, both, 0, n);
            java.util.Arrays.fill(both, n, 2 * n, c.nullClass());
            Denoiser guided = new ClassifierFreeGuidance(model::forward, cfgScale, channels, interval);
            long[] shape2 = {2L * n, shape[1], shape[2], shape[3]};
            INDArray out = sampler.sampleLoop(guided, shape2, Nd4j.createFromArray(both), Nd4j.concat(0, z, z), noise,
                    relieving);
            x0 = out.get(NDArrayIndex.interval(0, n), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).dup();
        }
        return decoder.decode(x0);
    }

    /** Model evaluations of one batch's reverse process (Heun: 2 per step but the last). */
    public int modelEvaluations() {
        return sampler.modelEvaluations();
    }

    /** Steps of the reverse process. */
    public int steps() {
        return sampler.diffusion().numTimesteps();
    }
}
