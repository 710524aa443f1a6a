package org.ditjava.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import org.ditjava.io.NpzReader;
import org.junit.jupiter.api.Test;

/**
 * Every schedule array of every respacing in diffusion_schedule.npz. The prefixes are discovered from the
 * keys: "base" = no respacing, otherwise "r" + the respacing string with commas written as underscores.
 */
class ScheduleParityTest {

    private static final Map<String, Function<DiffusionSchedule, double[]>> ARRAYS = Map.ofEntries(
            Map.entry("betas", DiffusionSchedule::betas),
            Map.entry("alphas_cumprod", DiffusionSchedule::alphasCumprod),
            Map.entry("alphas_cumprod_prev", DiffusionSchedule::alphasCumprodPrev),
            Map.entry("alphas_cumprod_next", DiffusionSchedule::alphasCumprodNext),
            Map.entry("sqrt_alphas_cumprod", DiffusionSchedule::sqrtAlphasCumprod),
            Map.entry("sqrt_one_minus_alphas_cumprod", DiffusionSchedule::sqrtOneMinusAlphasCumprod),
            Map.entry("log_one_minus_alphas_cumprod", DiffusionSchedule::logOneMinusAlphasCumprod),
            Map.entry("sqrt_recip_alphas_cumprod", DiffusionSchedule::sqrtRecipAlphasCumprod),
            Map.entry("sqrt_recipm1_alphas_cumprod", DiffusionSchedule::sqrtRecipm1AlphasCumprod),
            Map.entry("posterior_variance", DiffusionSchedule::posteriorVariance),
            Map.entry("posterior_log_variance_clipped", DiffusionSchedule::posteriorLogVarianceClipped),
            Map.entry("posterior_mean_coef1", DiffusionSchedule::posteriorMeanCoef1),
            Map.entry("posterior_mean_coef2", DiffusionSchedule::posteriorMeanCoef2));

    @Test
    void everyArrayOfEveryRespacingMatchesTheReference() throws IOException {
        try (NpzReader file = Fixtures.open("diffusion_schedule.npz")) {
            List<String> names = file.names();
            TreeSet<String> prefixes = new TreeSet<>();
            names.forEach(name -> prefixes.add(name.substring(0, name.indexOf('.'))));
            assertFalse(prefixes.isEmpty(), "no schedule prefixes found");
            for (String prefix : prefixes) {
                DiffusionSchedule schedule = GaussianDiffusion.create(respacingOf(prefix)).schedule();
                for (String name : names) {
                    if (!name.startsWith(prefix + ".")) {
                        continue;
                    }
                    String array = name.substring(prefix.length() + 1);
                    if (array.equals("timestep_map")) {
                        assertArrayEquals(Fixtures.ints(file, name), schedule.timestepMap(), name);
                        continue;
                    }
                    Function<DiffusionSchedule, double[]> accessor = ARRAYS.get(array);
                    assertNotNull(accessor, "no accessor for fixture array " + name);
                    Parity.assertRelative("schedule " + name, Fixtures.doubles(file, name), accessor.apply(schedule),
                            Parity.SCHEDULE);
                }
            }
        }
    }

    /** "base" -> "", "r10_15_20" -> "10,15,20" (as verify_fixtures.py check_schedule). */
    static String respacingOf(String prefix) {
        return prefix.equals("base") ? "" : prefix.substring(1).replace('_', ',');
    }
}
