package org.ditjava.bench;

import org.ditjava.diffusion.ClassifierFreeGuidance;
import org.ditjava.diffusion.DdpmSampler;
import org.ditjava.diffusion.GaussianDiffusion;
import org.ditjava.diffusion.GaussianNoise;
import org.ditjava.diffusion.StepResult;
import org.ditjava.model.DiTModel;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * One ancestral DDPM step with classifier-free guidance, exactly as {@code dit sample} takes it
 * (DiT sample.py): the batch is [z; z] with labels [y; null], the model runs once on the 2N rows
 * through dit-diffusion's {@link ClassifierFreeGuidance}, then {@link DdpmSampler#step} on the
 * 250-step respaced chain. Successive calls walk down the chain (T−1, T−2, …, 0, then wrap), so the
 * timed steps see varied timesteps as a real run does.
 */
public final class SamplingWorkload implements Runnable {
    private final DdpmSampler sampler;
    private final ClassifierFreeGuidance guided;
    private final GaussianNoise noise;
    private final INDArray labels;
    private INDArray x;
    private int index;

    public SamplingWorkload(DiTModel model, BenchInputs in, int steps, double cfgScale, long seed) {
        this.sampler = new DdpmSampler(GaussianDiffusion.create(Integer.toString(steps)), false);
        this.guided = new ClassifierFreeGuidance(model::forward, cfgScale);
        this.noise = new GaussianNoise(seed);
        INDArray nulls = Nd4j.valueArrayOf(in.labels().shape(), model.config().nullClass(), in.labels().dataType());
        this.labels = Nd4j.concat(0, in.labels(), nulls);
        this.x = Nd4j.concat(0, in.x(), in.x());
        this.index = steps - 1;
    }

    @Override
    public void run() {
        int[] t = new int[(int) x.size(0)];
        java.util.Arrays.fill(t, index);
        StepResult r = sampler.step(guided, x, t, labels, noise);
        x = r.sample();
        index = index > 0 ? index - 1 : sampler.diffusion().numTimesteps() - 1;
    }
}
