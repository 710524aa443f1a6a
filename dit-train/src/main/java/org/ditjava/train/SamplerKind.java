package org.ditjava.train;

import org.ditjava.io.EnumNames;

/** The reverse process used to sample. */
public enum SamplerKind {
    /** Ancestral sampling with the learned variance on a respaced chain (DiT sample.py, default 250 steps). */
    DDPM("ddpm"),
    /** DDIM (Song et al. 2021) with a chosen eta on a {@code ddimN} chain. */
    DDIM("ddim"),
    /** DPM-Solver++(2M) (Lu et al. 2022), deterministic, one model evaluation per step. */
    DPM_SOLVER_PP_2M("dpm++2m"),
    /** Heun's second-order probability-flow ODE solver (Karras et al. 2022): 2 evaluations per step but the last. */
    HEUN("heun");

    private final String cliName;

    SamplerKind(String cliName) {
        this.cliName = cliName;
    }

    /** Parses {@code ddpm}, {@code ddim}, {@code dpm++2m} or {@code heun} (any case). */
    public static SamplerKind parse(String name) {
        return EnumNames.parse(SamplerKind.class, name, SamplerKind::cliName, "sampler");
    }

    public String cliName() {
        return cliName;
    }
}
