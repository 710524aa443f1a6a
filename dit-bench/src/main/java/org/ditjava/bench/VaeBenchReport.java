package org.ditjava.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of one {@link VaeBench} run: environment (native build, threads, load), the sgemm
 * ceiling, the decode/encode phases and optional per-op profiles; JSON in the field names of
 * bench/pytorch_vae.py's {@code --json} so that bench/compare_report.py reads both.
 *
 * @param decoderMacs MACs of decoding one image ({@link VaeCost})
 * @param encoderMacs MACs of encoding one image
 */
public record VaeBenchReport(VaeBenchSpec spec, Map<String, Object> environment, long decoderMacs, long encoderMacs,
                             PhaseResult ceiling, List<PhaseResult> phases, List<OpProfiler.PhaseProfile> profiles) {

    public VaeBenchReport {
        environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
        phases = List.copyOf(phases);
        profiles = List.copyOf(profiles);
    }

    /** The human-readable table. */
    public String table() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "dit bench: SD-VAE (full width, random weights) batch %d, %d px; %s, natives "
                        + "%s (oneDNN helpers %s); %s threads, load %s%n", spec.batch(), spec.imageSize(),
                environment.get("backend"), environment.get("natives"),
                Environment.helpersNote(environment), environment.get("threads"),
                environment.get("load_before")));
        sb.append(String.format(Locale.ROOT, "MACs per image: decode %,d, encode %,d%n", decoderMacs, encoderMacs));
        BenchReport.appendPhases(sb, ceiling, phases);
        profiles.forEach(p -> BenchReport.appendProfile(sb, p));
        return sb.toString();
    }

    /** The report as JSON. */
    public String json() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("implementation", "samediff");
        m.put("model", "sd-vae");
        m.put("batch", spec.batch());
        m.put("image", spec.imageSize());
        m.put("macs_per_image", decoderMacs);
        m.put("macs", Map.of("vae_decode", decoderMacs, "vae_encode", encoderMacs));
        m.put("warmup", spec.warmup());
        return Json.write(BenchReport.withResults(m, environment, ceiling, phases, profiles));
    }
}
