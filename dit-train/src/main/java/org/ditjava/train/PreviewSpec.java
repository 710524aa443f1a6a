package org.ditjava.train;

/**
 * The sample grid a run draws every {@code every} steps so a person sees training progress: the EMA
 * model, fixed noise, one row per class (the first {@code maxClasses}), {@code perClass} columns,
 * classifier-free guidance at {@code cfgScale} (DiT sample.py's 4.0 for pictures).
 *
 * @param every    steps between grids (0: none, except the final one when {@code atEnd})
 * @param sampler  sampler and steps (fewer than the paper's 250: a preview must be cheap)
 * @param cfgScale guidance scale (1 = none)
 * @param perClass samples per row
 * @param maxClasses rows at most
 * @param seed     seed of the fixed noise
 * @param atEnd    also draw one when the run stops
 */
public record PreviewSpec(int every, SamplerSpec sampler, double cfgScale, int perClass, int maxClasses, long seed,
                          boolean atEnd) {

    public PreviewSpec {
        if (every < 0) {
            throw new IllegalArgumentException("preview interval must be >= 0, got " + every);
        }
        if (!(cfgScale >= 1) || !Double.isFinite(cfgScale)) {
            throw new IllegalArgumentException("guidance scale must be a finite number >= 1, got " + cfgScale);
        }
        if (perClass < 1 || maxClasses < 1) {
            throw new IllegalArgumentException("a preview grid needs at least one row and column");
        }
        if (sampler == null) {
            throw new IllegalArgumentException("preview sampler is null");
        }
    }

    /** No previews at all. */
    public static final PreviewSpec NONE = new PreviewSpec(0, new SamplerSpec(SamplerKind.DDIM, 25, 0), 4.0, 8, 10, 0, false);

    /** Whether any grid is drawn. */
    public boolean enabled() {
        return every > 0 || atEnd;
    }

    public PreviewSpec withEvery(int steps) {
        return new PreviewSpec(steps, sampler, cfgScale, perClass, maxClasses, seed, atEnd);
    }
}
