package org.ditjava.data;

/**
 * The randomness of a data pass as pure functions of (seed, epoch, index): the per-epoch
 * permutation (Fisher–Yates driven by SplitMix64) and the per-sample horizontal flip
 * (p = 0.5). Independent of thread scheduling and of where a pass was resumed, and identical on
 * every JVM (no {@code java.util.Random} implementation details).
 */
public final class SeededOrder {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;

    private SeededOrder() {
    }

    /** A permutation of {@code 0..n-1} for this seed and epoch. */
    public static int[] permutation(long seed, long epoch, int n) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long state = mix(mix(seed) ^ (epoch * GOLDEN + 0x5DEECE66DL));
        for (int i = n - 1; i > 0; i--) {
            state += GOLDEN;
            int j = (int) Long.remainderUnsigned(mix(state), i + 1L);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    /** Whether sample {@code index} is mirrored in this epoch (probability 0.5). */
    public static boolean flip(long seed, long epoch, long index) {
        return (mix(mix(mix(seed ^ 0xF11BL) + epoch) + index) & 1L) == 1L;
    }

    /** SplitMix64's finaliser (Steele, Lea, Flood 2014): a bijective 64-bit mixer. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
