package org.ditjava.bench;

/** Runs a workload: warm-up iterations, then timed ones, with the phase's peak RSS. */
public final class Stopwatch {
    private final int warmup;
    private final int reps;

    public Stopwatch(int warmup, int reps) {
        if (warmup < 0 || reps < 1) {
            throw new IllegalArgumentException("need warmup >= 0 and reps >= 1, got " + warmup + ", " + reps);
        }
        this.warmup = warmup;
        this.reps = reps;
    }

    /** Measures {@code work}; {@code images} and {@code flops} are per iteration. */
    public PhaseResult measure(String name, int images, double flops, Runnable work) {
        PeakRss.reset();
        for (int i = 0; i < warmup; i++) {
            work.run();
        }
        double[] seconds = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t0 = System.nanoTime();
            work.run();
            seconds[i] = (System.nanoTime() - t0) / 1e9;
        }
        return new PhaseResult(name, seconds, images, flops, PeakRss.peakBytes());
    }
}
