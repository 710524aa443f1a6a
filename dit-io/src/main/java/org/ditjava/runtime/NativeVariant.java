package org.ditjava.runtime;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.ditjava.io.EnumNames;

/**
 * The builds of ND4J's CPU natives ({@code nd4j-native} 1.0.0-M2.1 classifier jars) this project can
 * run on. JavaCPP loads {@code <platform><suffix>} (e.g. {@code linux-x86_64-onednn-avx512}) when the
 * system property {@code org.bytedeco.javacpp.platform.extension} is the suffix and that jar is on the
 * class path; {@link NativeSelection} chooses one for the CPU that runs.
 *
 * <p>The oneDNN builds route convolutions, pooling, batch norm, softmax and products through Intel's
 * oneDNN (issue 12: 3×3 convolutions 2–6× faster on 2 cores); the plain build runs libnd4j's own
 * kernels with OpenBLAS.
 */
public enum NativeVariant {
    /** The plain build (libnd4j kernels + OpenBLAS, generic x86-64). */
    DEFAULT("default", "", List.of()),
    /** oneDNN, generic x86-64 code. */
    ONEDNN("onednn", "-onednn", List.of()),
    /** oneDNN, compiled for AVX2 + FMA. */
    ONEDNN_AVX2("onednn-avx2", "-onednn-avx2", List.of("avx2", "fma")),
    /** oneDNN, compiled for AVX-512 (F, BW, VL: what the build's {@code -march} level needs). */
    ONEDNN_AVX512("onednn-avx512", "-onednn-avx512", List.of("avx2", "fma", "avx512f", "avx512bw", "avx512vl"));

    private final String key;
    private final String suffix;
    private final List<String> cpuFlags;

    NativeVariant(String key, String suffix, List<String> cpuFlags) {
        this.key = key;
        this.suffix = suffix;
        this.cpuFlags = cpuFlags;
    }

    /** The name users write ({@code -Ddit.natives=onednn-avx2}) and reports print. */
    public String key() {
        return key;
    }

    /** The JavaCPP platform extension that loads this build ({@code ""} for the plain one). */
    public String suffix() {
        return suffix;
    }

    /** Whether a CPU with these {@code /proc/cpuinfo} flags can execute this build. */
    public boolean runsOn(Set<String> flags) {
        return flags.containsAll(cpuFlags);
    }

    /** The {@code /proc/cpuinfo} flags this build needs. */
    public List<String> cpuFlags() {
        return cpuFlags;
    }

    /** The fastest build for a CPU with these flags: AVX-512 → AVX2 → generic oneDNN. */
    public static NativeVariant bestFor(Set<String> flags) {
        for (NativeVariant v : List.of(ONEDNN_AVX512, ONEDNN_AVX2, ONEDNN)) {
            if (v.runsOn(flags)) {
                return v;
            }
        }
        return DEFAULT;
    }

    /** By key or enum name, case-insensitive; {@code plain} is {@link #DEFAULT}. */
    public static NativeVariant parse(String s) {
        if ("plain".equals(s.trim().toLowerCase(Locale.ROOT))) {
            return DEFAULT;
        }
        return EnumNames.parse(NativeVariant.class, s.trim(), NativeVariant::key, "native variant");
    }

    /** The variant a JavaCPP platform extension names ({@code ""} or unknown suffixes: {@link #DEFAULT}). */
    public static NativeVariant ofSuffix(String suffix) {
        for (NativeVariant v : values()) {
            if (v.suffix.equals(suffix)) {
                return v;
            }
        }
        return DEFAULT;
    }
}
