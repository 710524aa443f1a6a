package org.ditjava.train;

/**
 * Adam / AdamW hyper-parameters (Kingma &amp; Ba 2015; Loshchilov &amp; Hutter 2019), PyTorch's
 * {@code torch.optim.AdamW} semantics.
 *
 * @param learningRate constant learning rate (DiT uses no warm-up and no decay)
 * @param beta1        first-moment decay
 * @param beta2        second-moment decay
 * @param epsilon      added to √v̂ in the denominator
 * @param weightDecay  decoupled weight decay (AdamW); 0 makes it plain Adam, as in the paper
 */
public record AdamConfig(double learningRate, double beta1, double beta2, double epsilon, double weightDecay) {

    /** The paper's optimiser: AdamW, lr 1e-4, betas (0.9, 0.999), eps 1e-8, no weight decay (DiT train.py). */
    public static final AdamConfig PAPER = new AdamConfig(1e-4, 0.9, 0.999, 1e-8, 0.0);

    public AdamConfig {
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be positive, got " + learningRate);
        }
        if (!(beta1 >= 0 && beta1 < 1) || !(beta2 >= 0 && beta2 < 1)) {
            throw new IllegalArgumentException("Adam betas must lie in [0, 1), got (" + beta1 + ", " + beta2 + ")");
        }
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("Adam epsilon must be positive, got " + epsilon);
        }
        if (!(weightDecay >= 0) || !Double.isFinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be >= 0, got " + weightDecay);
        }
    }

    /** The same with another learning rate. */
    public AdamConfig withLearningRate(double lr) {
        return new AdamConfig(lr, beta1, beta2, epsilon, weightDecay);
    }
}
