package org.ditjava.train;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Refuses to save weights that hold NaN or infinity, so the last checkpoint on disk stays a good one. */
final class WeightGuard {
    private WeightGuard() {
    }

    static void requireFinite(Map<String, INDArray> tensors, String what, TrainProgress p) {
        for (Map.Entry<String, INDArray> e : tensors.entrySet()) {
            double s = e.getValue().sumNumber().doubleValue();
            if (!Double.isFinite(s)) {
                throw new DivergedException("step " + p.step() + ": the " + what + " are no longer finite ("
                        + e.getKey() + "); not saving them. "
                        + (p.lastCheckpoint() == null ? "There is no earlier checkpoint."
                        : "The last good checkpoint is " + p.lastCheckpoint() + ".")
                        + " Lower the learning rate (--lr) and resume.");
            }
        }
    }
}
