package org.ditjava.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.ditjava.diffusion.DdimSampler;
import org.ditjava.diffusion.DdpmSampler;
import org.ditjava.diffusion.DiffusionConfig;
import org.ditjava.diffusion.DpmSolverPlusPlusSampler;
import org.ditjava.diffusion.GuidanceInterval;
import org.ditjava.diffusion.HeunSampler;
import org.ditjava.diffusion.Sampler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every {@link SamplerKind}: its CLI name, its chain, its sampler and its cost. */
class SamplerSpecTest {

    @ParameterizedTest
    @EnumSource(SamplerKind.class)
    void eachKindParsesBuildsItsSamplerAndCountsItsEvaluations(SamplerKind kind) {
        assertEquals(kind, SamplerKind.parse(kind.cliName().toUpperCase(java.util.Locale.ROOT)));
        SamplerSpec spec = new SamplerSpec(kind, 10, 0);
        Sampler sampler = spec.create(DiffusionConfig.of(""));
        Class<?> expected = switch (kind) {
            case DDPM -> DdpmSampler.class;
            case DDIM -> DdimSampler.class;
            case DPM_SOLVER_PP_2M -> DpmSolverPlusPlusSampler.class;
            case HEUN -> HeunSampler.class;
        };
        assertInstanceOf(expected, sampler);
        assertEquals(10, sampler.diffusion().numTimesteps());
        assertEquals(spec.modelEvaluations(), sampler.modelEvaluations());
        assertEquals(kind == SamplerKind.HEUN ? 19 : 10, spec.modelEvaluations());
        int[] map = sampler.diffusion().timestepMap();
        assertEquals(kind == SamplerKind.DDIM ? 900 : 999, map[map.length - 1], "last timestep of " + spec.respacing());
    }

    @Test
    void theIntervalShowsInTheDescriptionOnlyWhenSet() {
        SamplerSpec spec = new SamplerSpec(SamplerKind.DPM_SOLVER_PP_2M, 20, 0);
        assertEquals("DPM-Solver++(2M) 20 steps", spec.toString());
        assertEquals(GuidanceInterval.ALL, spec.guidanceInterval());
        String limited = spec.withGuidanceInterval(new GuidanceInterval(100, 800)).toString();
        assertTrue(limited.endsWith("guidance interval 100,800"), limited);
        assertEquals("Heun 10 steps (19 evaluations)", new SamplerSpec(SamplerKind.HEUN, 10, 0).toString());
    }

    @Test
    void aConfigWrittenBeforeTheIntervalReadsAsGuidanceEverywhere() {
        SamplerSpec old = Json.GSON.fromJson("{\"kind\": \"DDIM\", \"steps\": 50, \"eta\": 0.0, \"clipDenoised\": false}",
                SamplerSpec.class);
        assertEquals(GuidanceInterval.ALL, old.guidanceInterval());
        SamplerSpec spec = new SamplerSpec(SamplerKind.HEUN, 8, 0).withGuidanceInterval(new GuidanceInterval(5, 600));
        assertEquals(spec, Json.GSON.fromJson(Json.GSON.toJson(spec), SamplerSpec.class));
    }
}
