package org.ditjava.diffusion;

/**
 * Every sampler of the module, in each mode worth checking, for the tests that run one contract over all of
 * them ({@link SamplerContractTest}, {@link SampleDistributionTest}); {@code steps} is the step count the
 * distribution test uses: enough for each sampler's discretisation bias of the variance to stay under about
 * 3 % on its data (at fewer steps the deterministic samplers are measurably biased: DDIM-50 -7 %, Heun-10 +23 %,
 * DPM-Solver++ with a second-order final step at 30 steps +34 %).
 */
enum SamplerCase {
    DDPM(250),
    DDIM(100),
    DDIM_ETA_1(250),
    DPM_SOLVER_PP_2M(50),
    DPM_SOLVER_PP_2M_SECOND_ORDER_FINAL(100),
    HEUN(25);

    final int steps;

    SamplerCase(int steps) {
        this.steps = steps;
    }

    Sampler create(GaussianDiffusion diffusion) {
        return create(diffusion, false);
    }

    Sampler create(GaussianDiffusion diffusion, boolean clipDenoised) {
        return switch (this) {
            case DDPM -> new DdpmSampler(diffusion, clipDenoised);
            case DDIM -> new DdimSampler(diffusion, clipDenoised, 0.0);
            case DDIM_ETA_1 -> new DdimSampler(diffusion, clipDenoised, 1.0);
            case DPM_SOLVER_PP_2M -> new DpmSolverPlusPlusSampler(diffusion, clipDenoised, true);
            case DPM_SOLVER_PP_2M_SECOND_ORDER_FINAL -> new DpmSolverPlusPlusSampler(diffusion, clipDenoised, false);
            case HEUN -> new HeunSampler(diffusion, clipDenoised);
        };
    }
}
