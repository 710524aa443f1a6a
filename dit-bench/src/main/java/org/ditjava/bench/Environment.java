package org.ditjava.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.ditjava.runtime.NativeSelection;
import org.ditjava.runtime.NativeVariant;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/** What the numbers depend on: ND4J backend and threads, CPU, Java, and the load average. */
final class Environment {
    private Environment() {
    }

    /** A snapshot; {@code load_before} is read now. */
    static Map<String, Object> capture() {
        NativeSelection selection = NativeSelection.apply();
        Map<String, Object> m = new LinkedHashMap<>();
        Properties p = Nd4j.getExecutioner().getEnvironmentInformation();
        m.put("backend", "ND4J " + p.getProperty("backend") + " " + p.getProperty("blas.vendor"));
        m.put("natives", NativeSelection.loaded().map(NativeVariant::key).orElse("unknown"));
        m.put("natives_requested", selection.requested());
        m.put("onednn_helpers", Nd4j.getEnvironment().helpersAllowed());
        m.put("threads", NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads());
        m.put("omp_wait_policy", System.getenv().getOrDefault("OMP_WAIT_POLICY", "default"));
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("cpu", cpuModel());
        m.put("java", System.getProperty("java.version"));
        m.put("load_before", loadAverage());
        return m;
    }

    /** The 1-, 5- and 15-minute load averages, as in {@code /proc/loadavg}. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** " (oneDNN helpers on|off)" for a oneDNN build, "" for the plain one (which has no helpers). */
    static String helpersNote(Map<String, Object> env) {
        return String.valueOf(env.get("natives")).startsWith("onednn")
                ? " (oneDNN helpers " + (Boolean.TRUE.equals(env.get("onednn_helpers")) ? "on" : "off") + ")" : "";
    }
}
