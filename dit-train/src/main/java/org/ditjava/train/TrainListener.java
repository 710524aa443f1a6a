package org.ditjava.train;

import java.nio.file.Path;

/** Hears what a {@link Trainer} does; every method has an empty default. Called on the training thread. */
public interface TrainListener {
    /** No-op listener. */
    TrainListener NONE = new TrainListener() {
    };

    /** Training starts (or resumes) at {@code step} of at most {@code maxSteps} (0: no step limit). */
    default void onStart(long step, long maxSteps, double budgetSeconds) {
    }

    /** A step finished; {@code elapsed} is this invocation's wall time in seconds. */
    default void onStep(long step, StepOutcome outcome, double elapsed) {
    }

    /** A metrics row was written. */
    default void onMetrics(MetricsRow row) {
    }

    /** A checkpoint was written. */
    default void onCheckpoint(long step, Path dir) {
    }

    /** A preview grid is being drawn / was written. */
    default void onPreview(long step, Path png) {
    }

    /** Training stopped. */
    default void onFinish(TrainResult result) {
    }
}
