package org.ditjava.train;

import java.util.SplittableRandom;

/**
 * The training run's randomness as a pure function of (seed, step, micro-batch): each micro-batch
 * gets its own {@link SplittableRandom} (whose algorithm, SplitMix64, the JDK specifies), so a run
 * resumed at step k draws exactly what an uninterrupted run draws there, and there is no generator
 * state to save beyond the seed and the step. ND4J's global generator is never used in training
 * (its state cannot be saved, and it differs between backends).
 */
public final class StepRandom {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private StepRandom() {
    }

    /** The generator of micro-batch {@code micro} of step {@code step} (0-based) of the run seeded {@code seed}. */
    public static SplittableRandom of(long seed, long step, int micro) {
        return new SplittableRandom(mix(mix(mix(seed) + step * GOLDEN) + micro));
    }

    /** A stream for a named purpose independent of training steps (e.g. the preview grid's noise). */
    public static long derive(long seed, long purpose) {
        return mix(mix(seed ^ 0x5A3C_96E1_0F2D_4B87L) + purpose * GOLDEN);
    }

    /** SplitMix64's finaliser (Steele, Lea, Flood 2014). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
