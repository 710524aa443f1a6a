package org.ditjava.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BetaScheduleTest {

    @Test
    void linearRunsFromOneTenThousandthToTwoHundredthsScaledByThousandOverT() {
        double[] betas = BetaSchedule.LINEAR.betas(1000);
        assertEquals(1e-4, betas[0], 0.0);
        assertEquals(0.02, betas[999], 0.0);
        assertEquals(1e-4 + (0.02 - 1e-4) / 999 * 500, betas[500], 1e-15);
        double[] half = BetaSchedule.LINEAR.betas(500);
        assertEquals(2e-4, half[0], 1e-18);
        assertEquals(0.04, half[499], 0.0);
    }

    @Test
    void cosineMatchesAnIndependentFormula() {
        int steps = 1000;
        double[] betas = BetaSchedule.COSINE.betas(steps);
        for (int i = 0; i < steps; i++) {
            // alpha_bar via the double-angle identity cos^2(a) = (1 + cos 2a) / 2
            double expected = Math.min(1 - alphaBar((i + 1.0) / steps) / alphaBar((double) i / steps), 0.999);
            assertEquals(expected, betas[i], 1e-9 * expected, "beta " + i);
            assertTrue(betas[i] > 0 && betas[i] <= BetaSchedule.MAX_COSINE_BETA);
        }
        assertEquals(BetaSchedule.MAX_COSINE_BETA, betas[steps - 1], 0.0, "the last beta is capped");
        assertTrue(betas[0] < betas[steps / 2] && betas[steps / 2] < betas[steps - 2], "increasing");
    }

    @Test
    void cosineDiffusionHasAValidSchedule() {
        GaussianDiffusion diffusion = GaussianDiffusion.create(DiffusionConfig.builder()
                .noiseSchedule(BetaSchedule.byName("squaredcos_cap_v2")).timestepRespacing("50").build());
        double[] alphaBar = diffusion.schedule().alphasCumprod();
        assertEquals(50, alphaBar.length);
        assertTrue(alphaBar[0] > 0.99 && alphaBar[49] < 1e-3);
    }

    @Test
    void parsesReferenceAndConstantNames() {
        assertEquals(BetaSchedule.LINEAR, BetaSchedule.byName("linear"));
        assertEquals(BetaSchedule.COSINE, BetaSchedule.byName("squaredcos_cap_v2"));
        assertEquals(BetaSchedule.COSINE, BetaSchedule.byName("cosine"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BetaSchedule.byName("quad"));
        assertTrue(e.getMessage().contains("'quad'") && e.getMessage().contains("squaredcos_cap_v2"), e.getMessage());
    }

    private static double alphaBar(double t) {
        return (1 + Math.cos(2 * ((t + 0.008) / 1.008 * Math.PI / 2))) / 2;
    }
}
