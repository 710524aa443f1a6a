package org.ditjava.bench;

import java.util.Arrays;

/**
 * One measured phase: the per-iteration wall times after warm-up and the peak RSS during the phase.
 *
 * @param name         {@code sgemm}, {@code forward}, {@code train_step}, {@code sample_step}, …
 * @param seconds      per-iteration seconds, sorted ascending
 * @param cpuSeconds   per-iteration CPU seconds of the whole process (all threads), sorted ascending
 * @param images       images processed per iteration (0 for the sgemm ceiling)
 * @param flops        floating-point operations per iteration (2 per multiply-accumulate)
 * @param peakRssBytes VmHWM over the phase (warm-up included), bytes
 */
public record PhaseResult(String name, double[] seconds, double[] cpuSeconds, int images, double flops, long peakRssBytes) {

    public PhaseResult {
        if (seconds.length == 0 || cpuSeconds.length != seconds.length) {
            throw new IllegalArgumentException("phase " + name + " has no timed iterations");
        }
        seconds = seconds.clone();
        Arrays.sort(seconds);
        cpuSeconds = cpuSeconds.clone();
        Arrays.sort(cpuSeconds);
    }

    /** Median seconds per iteration. */
    public double median() {
        int n = seconds.length;
        return n % 2 == 1 ? seconds[n / 2] : (seconds[n / 2 - 1] + seconds[n / 2]) / 2;
    }

    public double min() {
        return seconds[0];
    }

    public double max() {
        return seconds[seconds.length - 1];
    }

    /** (max − min) / median: the relative spread of the timed iterations. */
    public double spread() {
        return (max() - min()) / median();
    }

    /** Images per second at the median; NaN for the sgemm ceiling. */
    public double imagesPerSecond() {
        return images == 0 ? Double.NaN : images / median();
    }

    /** Achieved GFLOP/s at the median. */
    public double gflopsPerSecond() {
        return flops / median() / 1e9;
    }

    @Override
    public double[] seconds() {
        return seconds.clone();
    }

    @Override
    public double[] cpuSeconds() {
        return cpuSeconds.clone();
    }

    /** Median process CPU seconds per iteration. */
    public double cpuMedian() {
        return cpuSeconds[cpuSeconds.length / 2];
    }

    /** This phase as a JSON object (bench/pytorch_*.py's field names); {@code ceiling} is the run's sgemm. */
    public java.util.Map<String, Object> json(PhaseResult ceiling) {
        java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
        r.put("name", name);
        r.put("median_s", median());
        r.put("min_s", min());
        r.put("max_s", max());
        r.put("spread", spread());
        r.put("reps", seconds.length);
        r.put("seconds", seconds());
        r.put("images_per_s", Double.isNaN(imagesPerSecond()) ? null : imagesPerSecond());
        r.put("gflops", gflopsPerSecond());
        r.put("fraction_of_ceiling", gflopsPerSecond() / ceiling.gflopsPerSecond());
        r.put("peak_rss_bytes", peakRssBytes);
        r.put("cpu_s", cpuMedian());
        return r;
    }
}
