package org.ditjava.train;

import java.util.Locale;
import org.ditjava.io.EnumNames;

/** The reverse process used to sample. */
public enum SamplerKind {
    /** Ancestral sampling with the learned variance on a respaced chain (DiT sample.py, default 250 steps). */
    DDPM,
    /** DDIM (Song et al. 2021) with a chosen eta on a {@code ddimN} chain. */
    DDIM;

    /** Parses {@code ddpm} or {@code ddim} (any case). */
    public static SamplerKind parse(String name) {
        return EnumNames.parse(SamplerKind.class, name, SamplerKind::cliName, "sampler");
    }

    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
