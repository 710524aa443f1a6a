package org.ditjava.train;

import java.nio.file.Path;

/**
 * How a training invocation ended.
 *
 * @param reason       why it stopped
 * @param startStep    the step it started (or resumed) at
 * @param step         steps taken in total
 * @param seconds      wall time of this invocation's loop
 * @param images       images consumed in this invocation
 * @param lastLoss     loss terms of the last step (null if no step ran)
 * @param checkpoint   the last checkpoint written (or resumed from)
 * @param preview      the last preview grid, or null
 */
public record TrainResult(StopReason reason, long startStep, long step, double seconds, long images, LossTerms lastLoss,
                          Path checkpoint, Path preview) {

    /** Why training stopped. */
    public enum StopReason {
        /** The step budget was reached. */
        STEPS,
        /** The time budget was used up. */
        TIME,
        /** A stop was requested (Ctrl-C). */
        REQUESTED
    }

    /** Training images per second of this invocation. */
    public double imagesPerSecond() {
        return seconds > 0 ? images / seconds : 0;
    }
}
