package org.ditjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@code dit sample}'s sampler flags: listed in the checkpoint-free help, checked before any checkpoint is read. */
class SampleFlagsTest {

    @Test
    void helpListsEverySamplerAndTheGuidanceInterval() {
        CliRun r = CliRun.of("sample", "--help");
        assertEquals(0, r.code(), r.err());
        for (String text : new String[] {"--guidance-interval", "LO,HI", "dpm++2m", "heun", "2N-1"}) {
            assertTrue(r.out().contains(text), text + " in\n" + r.out());
        }
    }

    @Test
    void badSamplerFlagsAreUsageErrorsNamingTheFlagAndValue() {
        String[][] cases = {
            {"--guidance-interval", "700,300", "--guidance-interval: ", "700,300"},
            {"--guidance-interval", "-5,300", "--guidance-interval: ", "-5,300"},
            {"--guidance-interval", "300", "--guidance-interval: ", "'300'"},
            {"--sampler", "dpm++3m", "--sampler: ", "dpm++3m"},
            {"--steps", "1", "--sampler: ", "got 1"},
        };
        for (String[] c : cases) {
            CliRun r = CliRun.of("sample", "--ckpt", "no-such-checkpoint", "--grid", "g.png", "--sampler",
                    c[0].equals("--sampler") ? c[1] : "heun", c[0].equals("--sampler") ? "--seed" : c[0],
                    c[0].equals("--sampler") ? "0" : c[1]);
            assertEquals(2, r.code(), String.join(" ", c) + ": " + r.err());
            assertTrue(r.err().contains(c[2]) && r.err().contains(c[3]), r.err());
        }
    }
}
