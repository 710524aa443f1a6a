package org.ditjava.bench;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import org.ditjava.io.EnumNames;
import org.ditjava.model.DiTConfig;

/**
 * What one {@code dit bench} run measures.
 *
 * @param label       the name printed for the model ({@code DiT-S/2}, {@code fmnist-quickstart})
 * @param model       the architecture, input size included
 * @param batch       images per forward pass and per training step; the sampling step runs 2×batch
 *                    rows (conditional and null-class halves of classifier-free guidance)
 * @param warmup      untimed iterations before each phase
 * @param reps        timed iterations per phase
 * @param sampleSteps respacing of the DDPM sampling chain ({@code "250"}); a full run is this many steps
 * @param cfgScale    guidance scale of the sampling step
 * @param phases      which phases to run (the sgemm ceiling always runs)
 * @param seed        weights, data and noise seed
 * @param threads     ND4J / OpenMP / BLAS threads (0: ND4J's default, one per core)
 * @param profile     also run one iteration of each phase under {@link OpProfiler} (not timed)
 */
public record BenchSpec(String label, DiTConfig model, int batch, int warmup, int reps, int sampleSteps,
                        double cfgScale, Set<Phase> phases, long seed, int threads, boolean profile) {

    /** The measured workloads. */
    public enum Phase {
        FORWARD("forward"), TRAIN("train_step"), SAMPLE("sample_step");

        private final String key;

        Phase(String key) {
            this.key = key;
        }

        /** The phase's name in tables and JSON. */
        public String key() {
            return key;
        }

        /** By key or enum name, case-insensitive ({@code train}, {@code train_step}). */
        public static Phase parse(String s) {
            return EnumNames.parse(Phase.class, s, Phase::key, "phase");
        }
    }

    public BenchSpec {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(model, "model");
        if (batch < 1 || warmup < 0 || reps < 1 || sampleSteps < 1 || threads < 0) {
            throw new IllegalArgumentException("need batch >= 1, warmup >= 0, reps >= 1, sample steps >= 1, "
                    + "threads >= 0; got " + batch + ", " + warmup + ", " + reps + ", " + sampleSteps + ", " + threads);
        }
        if (phases.contains(Phase.SAMPLE) && !model.hasNullClass()) {
            throw new IllegalArgumentException("the CFG sampling step needs a model with a null class");
        }
        phases = phases.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(phases));
    }
}
