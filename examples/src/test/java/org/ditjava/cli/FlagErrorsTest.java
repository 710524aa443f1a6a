package org.ditjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A flag value that its parser rejects is a usage error (exit 2) naming the flag, in every command. */
class FlagErrorsTest {

    @Test
    void badEvalEpsFallbackNamesTheFlag() {
        CliRun r = CliRun.of("eval", "--eps-fallback", "sometimes", "--features", "a.npy", "--ref-features", "b.npy");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--eps-fallback: ") && r.err().contains("sometimes"), r.err());
    }

    @Test
    void badEvalRefStatsNamesTheFlag() {
        CliRun r = CliRun.of("eval", "--ref-stats", "guess", "--features", "a.npy", "--ref-features", "b.npy");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--ref-stats: ") && r.err().contains("guess"), r.err());
    }

    @Test
    void badBenchPhaseNamesTheFlag() {
        CliRun r = CliRun.of("bench", "--phases", "forward,warp");
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--phases: ") && r.err().contains("warp"), r.err());
    }
}
