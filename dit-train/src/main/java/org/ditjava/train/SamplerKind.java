package org.ditjava.train;

import java.util.Locale;

/** The reverse process used to sample. */
public enum SamplerKind {
    /** Ancestral sampling with the learned variance on a respaced chain (DiT sample.py, default 250 steps). */
    DDPM,
    /** DDIM (Song et al. 2021) with a chosen eta on a {@code ddimN} chain. */
    DDIM;

    /** Parses {@code ddpm} or {@code ddim} (any case). */
    public static SamplerKind parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("sampler must be ddpm or ddim, got '" + name + "'", e);
        }
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
