package org.ditjava.bench;

import java.util.EnumSet;
import java.util.Set;
import org.ditjava.io.EnumNames;

/**
 * What one {@code dit bench --model sd-vae} run measures: the full-width SD-VAE (random weights) of
 * {@link VaeBench}, decoding and/or encoding {@code batch} images of {@code imageSize} pixels.
 *
 * @param batch     images per call
 * @param imageSize image side in pixels (the latent side is a eighth of it)
 * @param warmup    untimed calls before each phase
 * @param reps      timed calls per phase
 * @param phases    decode and/or encode (the sgemm ceiling always runs)
 * @param seed      weights and inputs
 * @param threads   ND4J / OpenMP / BLAS threads (0: ND4J's default)
 * @param profile   also run one call of each phase under {@link OpProfiler} (not timed)
 */
public record VaeBenchSpec(int batch, int imageSize, int warmup, int reps, Set<Phase> phases, long seed, int threads,
                           boolean profile) {

    /** The measured workloads. */
    public enum Phase {
        DECODE("vae_decode"), ENCODE("vae_encode");

        private final String key;

        Phase(String key) {
            this.key = key;
        }

        /** The phase's name in tables and JSON. */
        public String key() {
            return key;
        }

        /** By key or name ({@code decode}, {@code vae_decode}). */
        public static Phase parse(String s) {
            String t = s.trim().toLowerCase(java.util.Locale.ROOT);
            return EnumNames.parse(Phase.class, t.startsWith("vae") ? t : "vae_" + t, Phase::key, "VAE phase");
        }
    }

    public VaeBenchSpec {
        if (batch < 1 || warmup < 0 || reps < 1 || threads < 0 || imageSize < 8 || imageSize % 8 != 0) {
            throw new IllegalArgumentException("need batch >= 1, warmup >= 0, reps >= 1, threads >= 0 and an image "
                    + "size that is a multiple of 8; got " + batch + ", " + warmup + ", " + reps + ", " + threads + ", "
                    + imageSize);
        }
        phases = phases.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(phases));
    }
}
