package org.ditjava.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class NativeSelectionTest {

    private static final Set<String> AVX512 = Set.of("sse4_2", "avx", "avx2", "fma", "avx512f", "avx512bw", "avx512vl");
    private static final Set<String> AVX2 = Set.of("sse4_2", "avx", "avx2", "fma");

    @Test
    void bestBuildFollowsTheCpuFlags() {
        assertEquals(NativeVariant.ONEDNN_AVX512, NativeVariant.bestFor(AVX512));
        assertEquals(NativeVariant.ONEDNN_AVX2, NativeVariant.bestFor(AVX2));
        // AVX-512 F alone (no BW/VL) is not enough for the AVX-512 build
        assertEquals(NativeVariant.ONEDNN_AVX2, NativeVariant.bestFor(Set.of("avx2", "fma", "avx512f")));
        assertEquals(NativeVariant.ONEDNN, NativeVariant.bestFor(Set.of("sse4_2", "avx")));
    }

    @Test
    void aBuildTheCpuCannotRunFallsBackWithAReason() {
        List<String> notes = new ArrayList<>();
        NativeVariant got = NativeSelection.fallback(NativeVariant.ONEDNN_AVX512, AVX2, v -> true, notes);
        assertEquals(NativeVariant.ONEDNN_AVX2, got);
        assertEquals(1, notes.size());
        assertTrue(notes.get(0).contains("avx512f"), notes.get(0));
    }

    @Test
    void aMissingJarFallsBackToTheNextBuildThenThePlainOne() {
        List<String> notes = new ArrayList<>();
        assertEquals(NativeVariant.ONEDNN, NativeSelection.fallback(NativeVariant.ONEDNN_AVX512, AVX512,
                v -> v == NativeVariant.ONEDNN, notes));
        assertEquals(2, notes.size());
        assertTrue(notes.get(0).contains("linux-x86_64-onednn-avx512.jar") || notes.get(0).contains("-onednn-avx512.jar"),
                notes.get(0));
        notes.clear();
        assertEquals(NativeVariant.DEFAULT, NativeSelection.fallback(NativeVariant.ONEDNN_AVX2, AVX512, v -> false, notes));
        assertEquals(2, notes.size());
        notes.clear();
        assertEquals(NativeVariant.DEFAULT, NativeSelection.fallback(NativeVariant.DEFAULT, AVX512, v -> false, notes));
        assertTrue(notes.isEmpty());
    }

    @Test
    void namesParseAndBadOnesAreListed() {
        assertEquals(NativeVariant.ONEDNN_AVX2, NativeVariant.parse(" OneDNN-AVX2 "));
        assertEquals(NativeVariant.ONEDNN_AVX512, NativeVariant.parse("onednn_avx512"));
        assertEquals(NativeVariant.DEFAULT, NativeVariant.parse("plain"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NativeVariant.parse("mkl"));
        assertTrue(e.getMessage().contains("'mkl'") && e.getMessage().contains("onednn-avx512"), e.getMessage());
        assertEquals(NativeVariant.ONEDNN_AVX2, NativeVariant.ofSuffix("-onednn-avx2"));
        assertEquals(NativeVariant.DEFAULT, NativeVariant.ofSuffix(""));
    }

    @Test
    void thePlainBuildIsOnTheTestClassPath() {
        // nd4j-native (this platform's classifier) is a test dependency of dit-io
        assertTrue(NativeSelection.isShipped(NativeVariant.DEFAULT), NativeSelection.platform());
        assertFalse(NativeSelection.platform().isBlank());
    }
}
