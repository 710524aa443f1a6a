package org.ditjava.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.bytedeco.javacpp.Pointer;

/**
 * The process's resident memory as the kernel counts it, so ND4J's off-heap buffers are included:
 * {@code VmHWM} (peak) of {@code /proc/self/status}. {@link #reset} writes {@code 5}
 * to {@code /proc/self/clear_refs}, which resets the peak to the current RSS (Linux ≥ 4.0), so each
 * benchmark phase reports its own peak; the PyTorch baseline does the same. Off Linux every value is
 * 0 except {@link #javacppPhysicalBytes}.
 */
public final class PeakRss {
    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path CLEAR_REFS = Path.of("/proc/self/clear_refs");

    private PeakRss() {
    }

    /** Resets the peak mark to the current RSS; false if the kernel refused. */
    public static boolean reset() {
        try {
            Files.writeString(CLEAR_REFS, "5");
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    /** Peak resident set size since start or the last {@link #reset}, bytes. */
    public static long peakBytes() {
        return statusKb("VmHWM:") * 1024;
    }

    /** JavaCPP's own reading of the physical memory in use (RSS), bytes. */
    public static long javacppPhysicalBytes() {
        return Pointer.physicalBytes();
    }

    private static long statusKb(String key) {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith(key)) {
                    return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
                }
            }
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
        return 0;
    }
}
