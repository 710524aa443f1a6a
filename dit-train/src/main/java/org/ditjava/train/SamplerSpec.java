package org.ditjava.train;

import java.util.Locale;
import org.ditjava.diffusion.DdimSampler;
import org.ditjava.diffusion.DdpmSampler;
import org.ditjava.diffusion.DiffusionConfig;
import org.ditjava.diffusion.GaussianDiffusion;
import org.ditjava.diffusion.Sampler;

/**
 * Which sampler, how many steps, and DDIM's eta. DDPM runs on the chain respaced to {@code steps}
 * evenly spaced timesteps ({@code create_diffusion(str(steps))}), DDIM on {@code ddim<steps>};
 * {@code clip_denoised = false} as in DiT's sample.py (latents), or true as in improved-DDPM's
 * image_sample.py (pixels: each x_0 prediction clamped to [−1, 1]).
 *
 * @param kind         DDPM or DDIM
 * @param steps        sampling steps (1..diffusion steps)
 * @param eta          DDIM stochasticity (0 = deterministic); must be 0 for DDPM
 * @param clipDenoised clamp the x_0 predictions to [−1, 1]
 */
public record SamplerSpec(SamplerKind kind, int steps, double eta, boolean clipDenoised) {

    /** DiT sample.py's default: 250 DDPM steps. */
    public static final SamplerSpec PAPER = new SamplerSpec(SamplerKind.DDPM, 250, 0.0);

    /** Without clipping (DiT's setting). */
    public SamplerSpec(SamplerKind kind, int steps, double eta) {
        this(kind, steps, eta, false);
    }

    public SamplerSpec {
        if (kind == null) {
            throw new IllegalArgumentException("sampler kind is null");
        }
        if (steps < 1) {
            throw new IllegalArgumentException("sampling steps must be positive, got " + steps);
        }
        if (!(eta >= 0) || !Double.isFinite(eta) || (kind == SamplerKind.DDPM && eta != 0)) {
            throw new IllegalArgumentException("eta must be a finite number >= 0 and is for DDIM only, got " + eta);
        }
    }

    /** The respacing string of {@code create_diffusion}: {@code "250"} or {@code "ddim50"}. */
    public String respacing() {
        return kind == SamplerKind.DDIM ? "ddim" + steps : Integer.toString(steps);
    }

    /** The sampler over {@code base} (the training diffusion) respaced to this spec. */
    public Sampler create(DiffusionConfig base) {
        GaussianDiffusion d = GaussianDiffusion.create(base.toBuilder().timestepRespacing(respacing()).build());
        return kind == SamplerKind.DDIM ? new DdimSampler(d, clipDenoised, eta) : new DdpmSampler(d, clipDenoised);
    }

    @Override
    public String toString() {
        String clip = clipDenoised ? ", clipped" : "";
        return kind == SamplerKind.DDIM ? String.format(Locale.ROOT, "DDIM %d steps (eta %s%s)", steps, eta, clip)
                : "DDPM " + steps + " steps" + clip;
    }
}
