package org.ditjava.bench;

/** Runs a workload: warm-up iterations, then timed ones (wall and process CPU time), with the phase's peak RSS. */
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
        double[] cpu = new double[reps];
        for (int i = 0; i < reps; i++) {
            long c0 = processCpuNanos();
            long t0 = System.nanoTime();
            work.run();
            seconds[i] = (System.nanoTime() - t0) / 1e9;
            cpu[i] = (processCpuNanos() - c0) / 1e9;
        }
        return new PhaseResult(name, seconds, cpu, images, flops, PeakRss.peakBytes());
    }

    /**
     * CPU time of the whole process (every native OpenMP thread included): on a shared machine the wall
     * time measures the neighbours too, the CPU time much less so. -1 where the JVM cannot tell.
     */
    private static long processCpuNanos() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os ? os.getProcessCpuTime() : -1;
    }
}
