package org.ditjava.runtime;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.bytedeco.javacpp.Pointer;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * What ND4J runs on in this JVM: backend, BLAS, threads, the instruction-set level of the loaded
 * native binary and of this CPU, and the memory limits (heap and JavaCPP's off-heap limits, which
 * bound ND4J's tensors). Loading it initialises ND4J.
 *
 * @param facts ordered label → value pairs, ready to print
 */
public record BackendReport(Map<String, String> facts) {

    /** SIMD flags worth knowing for ND4J's kernels, as {@code /proc/cpuinfo} names them. */
    private static final List<String> SIMD_FLAGS = List.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512_vnni");

    /** Collects the report (chooses the native build by {@link NativeSelection} and initialises ND4J if not yet). */
    public static BackendReport current() {
        NativeSelection selection = NativeSelection.apply();
        Properties env = Nd4j.getExecutioner().getEnvironmentInformation();
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        Map<String, String> f = new LinkedHashMap<>();
        f.put("backend", Nd4j.getBackend().getClass().getSimpleName() + " (" + env.getProperty("backend", "?") + ")");
        f.put("BLAS vendor", env.getProperty("blas.vendor", "?"));
        f.put("threads (ND4J/OpenMP)", ops.ompGetMaxThreads() + " (Java sees " + Runtime.getRuntime().availableProcessors() + " processors)");
        f.put("native build (loaded)", NativeSelection.loaded().map(NativeVariant::key).orElse("unknown")
                + " (requested: " + selection.requested() + ", chosen: " + selection.variant().key() + ")");
        selection.notes().forEach(n -> f.put("native build note " + (selection.notes().indexOf(n) + 1), n));
        if (NativeSelection.loaded().filter(v -> v != NativeVariant.DEFAULT).isPresent()) {
            f.put("oneDNN helpers", Nd4j.getEnvironment().helpersAllowed() ? "allowed" : "off");
        }
        f.put("native binary level", levelName(ops.binaryLevel()));
        f.put("CPU level detected", levelName(ops.optimalLevel()));
        f.put("CPU SIMD flags", cpuFlags());
        f.put("default data type", Nd4j.dataType().name().toLowerCase(Locale.ROOT));
        f.put("Java heap max", gib(Runtime.getRuntime().maxMemory()));
        f.put("off-heap limit (javacpp.maxbytes)", gib(Pointer.maxBytes()));
        f.put("process limit (javacpp.maxphysicalbytes)", gib(Pointer.maxPhysicalBytes()));
        f.put("physical memory", gib(Pointer.totalPhysicalBytes()) + " total, " + gib(Pointer.availablePhysicalBytes()) + " available");
        f.put("Java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        return new BackendReport(f);
    }

    /** The report as aligned "label : value" lines. */
    public List<String> lines() {
        int w = facts.keySet().stream().mapToInt(String::length).max().orElse(0);
        List<String> out = new ArrayList<>();
        facts.forEach((k, v) -> out.add(String.format("%-" + w + "s  %s", k, v)));
        return out;
    }

    /** ND4J's numbering of instruction-set levels (CpuNDArrayFactory): 0/1 generic, 2 AVX2, 3 AVX-512. */
    static String levelName(int level) {
        return switch (level) {
            case 3 -> "AVX-512";
            case 2 -> "AVX/AVX2";
            case 0, 1 -> "generic x86-64";
            default -> "unknown (" + level + ")";
        };
    }

    private static String cpuFlags() {
        Set<String> have = NativeSelection.cpuFlags();
        if (have.isEmpty()) {
            return "unknown (no flags in /proc/cpuinfo)";
        }
        List<String> found = SIMD_FLAGS.stream().filter(have::contains).toList();
        return found.isEmpty() ? "none of " + SIMD_FLAGS : String.join(" ", found);
    }

    private static String gib(long bytes) {
        return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
}
