package org.ditjava.diffusion;

/**
 * Called once after every step of a sampling loop: a progress report ({@code progress=True} in the
 * reference) that also sees each step's result, like {@code p_sample_loop_progressive}.
 */
@FunctionalInterface
public interface SamplingListener {

    /** Ignores every step. */
    SamplingListener NONE = (step, totalSteps, result) -> { };

    /**
     * @param step       0 for the first (noisiest) step, {@code totalSteps - 1} for the last
     * @param totalSteps the number of steps of the loop
     * @param result     the step's sample and x_0 prediction
     */
    void onStep(int step, int totalSteps, StepResult result);
}
