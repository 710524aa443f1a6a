package org.ditjava.diffusion;

import java.util.Locale;

/**
 * The original-scale timesteps at which classifier-free guidance is applied: t in [lo, hi], both ends
 * included (Kynkäänniemi et al. 2024, "Applying Guidance in a Limited Interval Improves Sample and
 * Distribution Quality in Diffusion Models"; SiT / LightningDiT sample with such an interval). Outside it
 * {@link ClassifierFreeGuidance} returns the conditional prediction alone. {@link #ALL} is the official
 * behaviour (guidance at every step).
 *
 * @param lo first guided timestep, &gt;= 0
 * @param hi last guided timestep, &gt;= lo
 */
public record GuidanceInterval(long lo, long hi) {

    /** Every timestep: DiT's behaviour. */
    public static final GuidanceInterval ALL = new GuidanceInterval(0, Long.MAX_VALUE);

    public GuidanceInterval {
        if (lo < 0 || hi < lo) {
            throw new IllegalArgumentException("guidance interval must satisfy 0 <= LO <= HI, got " + lo + "," + hi);
        }
    }

    /** Parses {@code "LO,HI"} (two integers). */
    public static GuidanceInterval parse(String text) {
        String[] parts = text == null ? new String[0] : text.split(",", -1);
        if (parts.length != 2) {
            throw new IllegalArgumentException("guidance interval must be LO,HI (two timesteps), got '" + text + "'");
        }
        try {
            return new GuidanceInterval(Long.parseLong(parts[0].trim()), Long.parseLong(parts[1].trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("guidance interval must be LO,HI with integer timesteps, got '" + text
                    + "'", e);
        }
    }

    /** Whether guidance is applied at original-scale timestep {@code t}. */
    public boolean covers(long t) {
        return t >= lo && t <= hi;
    }

    /** Whether this interval contains every timestep of a {@code numTimesteps}-step chain. */
    public boolean coversAll(int numTimesteps) {
        return lo == 0 && hi >= numTimesteps - 1L;
    }

    /**
     * Checks that the interval lies inside [0, numTimesteps - 1] ({@link #ALL} always passes).
     *
     * @throws IllegalArgumentException naming the interval and the chain length
     */
    public GuidanceInterval checkWithin(int numTimesteps) {
        if (!equals(ALL) && hi > numTimesteps - 1L) {
            throw new IllegalArgumentException("guidance interval " + this + " ends past the last timestep "
                    + (numTimesteps - 1) + " of the " + numTimesteps + "-step diffusion");
        }
        return this;
    }

    /** {@code "LO,HI"}, or {@code "all"} for {@link #ALL}. */
    @Override
    public String toString() {
        return equals(ALL) ? "all" : String.format(Locale.ROOT, "%d,%d", lo, hi);
    }
}
