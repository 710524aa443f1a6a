package org.ditjava.train;

import java.util.Locale;
import org.ditjava.diffusion.DdimSampler;
import org.ditjava.diffusion.DdpmSampler;
import org.ditjava.diffusion.DiffusionConfig;
import org.ditjava.diffusion.DpmSolverPlusPlusSampler;
import org.ditjava.diffusion.GaussianDiffusion;
import org.ditjava.diffusion.GuidanceInterval;
import org.ditjava.diffusion.HeunSampler;
import org.ditjava.diffusion.Sampler;

/**
 * Which sampler, how many steps, DDIM's eta and the guidance interval. DDPM, DPM-Solver++ and Heun run on the
 * chain respaced to {@code steps} evenly spaced timesteps ({@code create_diffusion(str(steps))}, both ends
 * kept), DDIM on {@code ddim<steps>}; {@code clip_denoised = false} as in DiT's sample.py (latents), or true
 * as in improved-DDPM's image_sample.py (pixels: each x_0 prediction clamped to [−1, 1]). For Heun,
 * {@code steps} is the number of Heun steps: each costs 2 model evaluations except the last (2 steps − 1 in
 * all); DPM-Solver++ takes its step into timestep 0 at first order ("lower order final", see
 * {@link DpmSolverPlusPlusSampler}).
 *
 * @param kind             the sampler
 * @param steps            sampling steps (2..diffusion steps)
 * @param eta              DDIM stochasticity (0 = deterministic); must be 0 for the other samplers
 * @param clipDenoised     clamp the x_0 predictions to [−1, 1]
 * @param guidanceInterval original-scale timesteps at which guidance applies ({@link GuidanceInterval#ALL}
 *                         = always, the official behaviour; null reads as ALL, as in configs written before it)
 */
public record SamplerSpec(SamplerKind kind, int steps, double eta, boolean clipDenoised,
                          GuidanceInterval guidanceInterval) {

    /** DiT sample.py's default: 250 DDPM steps. */
    public static final SamplerSpec PAPER = new SamplerSpec(SamplerKind.DDPM, 250, 0.0);

    /** Without clipping (DiT's setting). */
    public SamplerSpec(SamplerKind kind, int steps, double eta) {
        this(kind, steps, eta, false);
    }

    /** Guidance at every step. */
    public SamplerSpec(SamplerKind kind, int steps, double eta, boolean clipDenoised) {
        this(kind, steps, eta, clipDenoised, GuidanceInterval.ALL);
    }

    public SamplerSpec {
        if (kind == null) {
            throw new IllegalArgumentException("sampler kind is null");
        }
        if (steps < 2) {
            throw new IllegalArgumentException("--steps must be at least 2 (a respaced chain keeps its first and last "
                    + "timestep), got " + steps);
        }
        if (!(eta >= 0) || !Double.isFinite(eta) || (kind != SamplerKind.DDIM && eta != 0)) {
            throw new IllegalArgumentException("eta must be a finite number >= 0 and is for DDIM only, got " + eta);
        }
        guidanceInterval = guidanceInterval == null ? GuidanceInterval.ALL : guidanceInterval;
    }

    /** The same sampler with guidance applied only in {@code interval}. */
    public SamplerSpec withGuidanceInterval(GuidanceInterval interval) {
        return new SamplerSpec(kind, steps, eta, clipDenoised, interval);
    }

    /** The respacing string of {@code create_diffusion}: {@code "250"} or {@code "ddim50"}. */
    public String respacing() {
        return kind == SamplerKind.DDIM ? "ddim" + steps : Integer.toString(steps);
    }

    /** Model evaluations per sample batch (each doubled in batch size by guidance inside its interval). */
    public int modelEvaluations() {
        return kind == SamplerKind.HEUN ? 2 * steps - 1 : steps;
    }

    /** The sampler over {@code base} (the training diffusion) respaced to this spec. */
    public Sampler create(DiffusionConfig base) {
        GaussianDiffusion d = GaussianDiffusion.create(base.toBuilder().timestepRespacing(respacing()).build());
        return switch (kind) {
            case DDPM -> new DdpmSampler(d, clipDenoised);
            case DDIM -> new DdimSampler(d, clipDenoised, eta);
            case DPM_SOLVER_PP_2M -> new DpmSolverPlusPlusSampler(d, clipDenoised, true);
            case HEUN -> new HeunSampler(d, clipDenoised);
        };
    }

    @Override
    public String toString() {
        String clip = clipDenoised ? ", clipped" : "";
        String text = switch (kind) {
            case DDPM -> "DDPM " + steps + " steps" + clip;
            case DDIM -> String.format(Locale.ROOT, "DDIM %d steps (eta %s%s)", steps, eta, clip);
            case DPM_SOLVER_PP_2M -> "DPM-Solver++(2M) " + steps + " steps" + clip;
            case HEUN -> "Heun " + steps + " steps (" + modelEvaluations() + " evaluations" + clip + ")";
        };
        return guidanceInterval.equals(GuidanceInterval.ALL) ? text
                : text + ", guidance interval " + guidanceInterval;
    }
}
