package org.ditjava.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of one {@code dit bench} run: the environment, the sgemm ceiling and every phase.
 *
 * @param spec        what was run
 * @param environment ND4J version/backend, threads, CPU, load averages before and after
 * @param macsPerImage the model's forward multiply-accumulates per image (dit-model's {@code DiTCost})
 * @param ceiling     the sgemm phase
 * @param phases      forward / train_step / sample_step, in run order
 * @param profiles    per-op profiles of one extra iteration of each phase (empty unless asked for)
 */
public record BenchReport(BenchSpec spec, Map<String, Object> environment, long macsPerImage, PhaseResult ceiling,
                          List<PhaseResult> phases, List<OpProfiler.PhaseProfile> profiles) {
    /** Op types listed per profiled phase in the table. */
    private static final int TOP_OPS = 12;

    public BenchReport {
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));   // keeps insertion order
        phases = List.copyOf(phases);
        profiles = List.copyOf(profiles);
    }

    /** A phase's GFLOP/s as a fraction of the sgemm ceiling measured in the same run. */
    public double fractionOfCeiling(PhaseResult p) {
        return p.gflopsPerSecond() / ceiling.gflopsPerSecond();
    }

    /** Projected seconds of a full sampling run: the median step times the chain's steps. */
    public double projectedSamplingRunSeconds(PhaseResult sampleStep) {
        return sampleStep.median() * spec.sampleSteps();
    }

    /** The human-readable table. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "dit bench: %s batch %d, %dx%dx%d, %s, natives %s%s; "
                        + "%s threads, load %s%n",
                spec.label(), spec.batch(), spec.model().inputSize(), spec.model().inputSize(),
                spec.model().inChannels(), environment.get("backend"), environment.get("natives"),
                Environment.helpersNote(environment), environment.get("threads"),
                environment.get("load_before")));
        appendPhases(sb, ceiling, phases);
        phases.stream().filter(p -> p.name().equals(BenchSpec.Phase.SAMPLE.key())).findFirst().ifPresent(p ->
                sb.append(String.format(Locale.ROOT, "%d-step DDPM run with CFG for %d images: %.1f s (projected "
                        + "from the median step)%n", spec.sampleSteps(), spec.batch(), projectedSamplingRunSeconds(p))));
        profiles.forEach(p -> appendProfile(sb, p));
        return sb.toString();
    }

    /** Appends the phase table: the sgemm ceiling's row first, then each phase with its fraction of it. */
    static void appendPhases(StringBuilder sb, PhaseResult ceiling, List<PhaseResult> phases) {
        sb.append(String.format(Locale.ROOT, "%-12s %9s %7s %8s %8s %8s %6s %8s%n",
                "phase", "median s", "spread", "CPU s", "img/s", "GFLOP/s", "ceil%", "RSS MB"));
        List<PhaseResult> all = new ArrayList<>();
        all.add(ceiling);
        all.addAll(phases);
        for (PhaseResult p : all) {
            sb.append(String.format(Locale.ROOT, "%-12s %9.4f %6.1f%% %8.3f %8s %8.1f %5.1f%% %8.0f%n", p.name(),
                    p.median(), 100 * p.spread(), p.cpuMedian(),
                    Double.isNaN(p.imagesPerSecond()) ? "" : String.format(Locale.ROOT, "%.2f", p.imagesPerSecond()),
                    p.gflopsPerSecond(), 100 * p.gflopsPerSecond() / ceiling.gflopsPerSecond(),
                    p.peakRssBytes() / 1048576.0));
        }
    }

    /** Appends a phase profile's top ops to a table. */
    static void appendProfile(StringBuilder sb, OpProfiler.PhaseProfile p) {
        sb.append(String.format(Locale.ROOT, "profile of one %s: %.3f s, outside ops %.3f s%n", p.phase(),
                p.totalSeconds(), p.unattributed()));
        p.ops().stream().limit(TOP_OPS).forEach(o -> sb.append(String.format(Locale.ROOT, "  %-22s %8.3f s %5.1f%% %6d calls%n",
                o.op(), o.seconds(), 100 * o.seconds() / p.totalSeconds(), o.calls())));
    }

    /** The report as JSON (the field names of bench/pytorch_dit.py's {@code --json}). */
    public String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("implementation", "samediff");
        m.put("model", spec.label());
        m.put("config", spec.model().toString());
        m.put("depth", spec.model().depth());
        m.put("hidden", spec.model().hiddenSize());
        m.put("patch", spec.model().patchSize());
        m.put("heads", spec.model().numHeads());
        m.put("batch", spec.batch());
        m.put("image", spec.model().inputSize());
        m.put("channels", spec.model().inChannels());
        m.put("classes", spec.model().numClasses());
        m.put("macs_per_image", macsPerImage);
        m.put("sample_steps", spec.sampleSteps());
        m.put("warmup", spec.warmup());
        return Json.write(withResults(m, environment, ceiling, phases, profiles));
    }

    /** Adds the fields every report's JSON ends with: environment, results (ceiling first), profiles. */
    static Map<String, Object> withResults(Map<String, Object> m, Map<String, Object> environment, PhaseResult ceiling,
                                           List<PhaseResult> phases, List<OpProfiler.PhaseProfile> profiles) {
        m.put("environment", new LinkedHashMap<>(environment));
        List<Object> rows = new ArrayList<>();
        rows.add(ceiling.json(ceiling));
        phases.forEach(p -> rows.add(p.json(ceiling)));
        m.put("results", rows);
        m.put("profiles", profiles.stream().map(p -> (Object) p.json()).toList());
        return m;
    }
}
