package org.ditjava.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** space_timesteps semantics (facebookresearch/DiT diffusion/respace.py) and its error messages. */
class RespacingTest {

    private static final int T = 1000;

    @Test
    void emptyStringKeepsEveryStep() {
        assertArrayEquals(IntStream.range(0, T).toArray(), Respacing.keptTimesteps(T, ""));
    }

    @Test
    void singleSectionSpansTheWholeChain() {
        int[] kept = Respacing.keptTimesteps(T, "10");
        assertArrayEquals(IntStream.range(0, 10).map(k -> 111 * k).toArray(), kept);   // stride 999 / 9 = 111
        assertEquals(250, Respacing.keptTimesteps(T, "250").length);
    }

    @Test
    void roundsHalfToEvenLikePython() {
        // 10 steps, 3 wanted: stride 4.5 -> round(4.5) = 4 (half to even), round(9.0) = 9
        assertArrayEquals(new int[] {0, 4, 9}, Respacing.keptTimesteps(10, "3"));
        // 11 steps, 5 wanted: stride 2.5: 0, 2.5 -> 2, 5, 7.5 -> 8, 10
        assertArrayEquals(new int[] {0, 2, 5, 8, 10}, Respacing.keptTimesteps(11, "5"));
    }

    @Test
    void sectionsSplitTheChainWithTheLongerOnesFirst() {
        int[] kept = Respacing.keptTimesteps(T, "10,15,20");   // sections of 334, 333, 333 steps
        assertEquals(45, kept.length);
        assertEquals(0, kept[0]);
        assertEquals(333, kept[9]);                            // first section: stride 333 / 9 = 37
        assertEquals(334, kept[10]);
        assertEquals(999, kept[44]);
    }

    @Test
    void ddimUsesTheSmallestExactIntegerStride() {
        assertArrayEquals(IntStream.range(0, 50).map(k -> 20 * k).toArray(), Respacing.keptTimesteps(T, "ddim50"));
        assertArrayEquals(IntStream.range(0, 7).map(k -> 143 * k).toArray(), Respacing.keptTimesteps(T, "ddim7"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "ddim37|cannot create exactly 37 steps with an integer stride",
        "500,600|cannot divide section 1 of 500 steps into 600",
        "1001|cannot divide section 0 of 1000 steps into 1001",
        "abc|'abc' is not a step count",
        "10,,20|'' is not a step count",
        "ddim|'' is not a step count",
        "-5|step count -5 is negative",
        "1|keeps 1 timestep(s)",
    })
    void invalidStringsAreRejectedWithTheStringAndTheReason(String respacing, String reason) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Respacing.keptTimesteps(T, respacing));
        assertTrue(e.getMessage().contains("'" + respacing + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(reason), e.getMessage());
    }

    @Test
    void configValidatesTheRespacingEagerly() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DiffusionConfig.of("ddim41"));
        assertTrue(e.getMessage().contains("ddim41"), e.getMessage());
    }
}
