package org.ditjava.train;

/** Sums of the steps since the last metrics row (loss terms, gradient norm, images, time). */
final class LogWindow {
    private LossTerms sum = new LossTerms(0, 0, 0);
    private double gradNorm;
    private long images;
    private int steps;
    private long startNanos = System.nanoTime();

    void add(StepOutcome o) {
        sum = sum.plus(o.terms());
        gradNorm += o.gradNorm();
        images += o.images();
        steps++;
    }

    boolean isEmpty() {
        return steps == 0;
    }

    /** The row of the window, then an empty window. */
    MetricsRow drain(TrainProgress p, double learningRate, double elapsedTotal) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        LossTerms mean = sum.div(Math.max(1, steps));
        MetricsRow row = new MetricsRow(p.step(), p.cursor().epoch(), p.images(), mean.loss(), mean.mse(), mean.vb(),
                gradNorm / Math.max(1, steps), learningRate, steps / seconds, images / seconds, elapsedTotal);
        sum = new LossTerms(0, 0, 0);
        gradNorm = 0;
        images = 0;
        steps = 0;
        startNanos = System.nanoTime();
        return row;
    }
}
