package org.ditjava.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar for training on a terminal ({@code \r}-rewritten): step, percentage,
 * steps/s, images/s, loss and ETA (of the step or time budget, whichever ends first), with a line for
 * each checkpoint and grid. Without a terminal it prints a plain line per metrics row (the log has
 * the details).
 */
public final class ProgressBar implements TrainListener {
    private static final int WIDTH = 24;
    private final PrintStream out;
    private final boolean terminal;
    private long maxSteps;
    private double budget;
    private double emaStepSeconds;
    private double lastElapsed;
    private double loss = Double.NaN;
    private int imagesPerStep;
    private boolean dirty;

    public ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public void onStart(long step, long maxSteps, double budgetSeconds) {
        this.maxSteps = maxSteps;
        this.budget = budgetSeconds;
        this.lastElapsed = 0;
    }

    @Override
    public void onStep(long step, StepOutcome o, double elapsed) {
        double dt = elapsed - lastElapsed;
        lastElapsed = elapsed;
        emaStepSeconds = emaStepSeconds == 0 ? dt : 0.9 * emaStepSeconds + 0.1 * dt;
        loss = Double.isNaN(loss) ? o.terms().loss() : 0.9 * loss + 0.1 * o.terms().loss();
        imagesPerStep = o.images();
        if (terminal) {
            out.print("\r" + line(step, elapsed) + "\033[K");
            out.flush();
            dirty = true;
        }
    }

    @Override
    public void onMetrics(MetricsRow row) {
        if (!terminal) {
            out.println(line(row.step(), lastElapsed));
        }
    }

    @Override
    public void onCheckpoint(long step, java.nio.file.Path dir) {
        if (terminal) {
            message("step " + step + ": checkpoint " + dir);
        }
    }

    @Override
    public void onPreview(long step, java.nio.file.Path png) {
        if (terminal) {
            message("step " + step + ": sample grid " + png);
        }
    }

    @Override
    public void onFinish(TrainResult r) {
        if (dirty) {
            out.println();
            dirty = false;
        }
    }

    private void message(String text) {
        if (dirty) {
            out.println();
            dirty = false;
        }
        out.println(text);
    }

    String line(long step, double elapsed) {
        double stepsPerSec = emaStepSeconds > 0 ? 1 / emaStepSeconds : 0;
        double eta = eta(step, elapsed, stepsPerSec);
        double frac = fraction(step, elapsed);
        int filled = (int) Math.round(frac * WIDTH);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        String total = maxSteps > 0 ? "/" + maxSteps : "";
        return String.format(Locale.ROOT, "step %d%s [%s] %3.0f%% | %.2f steps/s %.1f img/s | loss %.4f | ETA %s ",
                step, total, bar, 100 * frac, stepsPerSec, stepsPerSec * imagesPerStep, loss, clock(eta));
    }

    private double fraction(long step, double elapsed) {
        double f = 0;
        if (maxSteps > 0) {
            f = Math.max(f, (double) step / maxSteps);
        }
        if (budget > 0) {
            f = Math.max(f, elapsed / budget);
        }
        return Math.min(1, f);
    }

    private double eta(long step, double elapsed, double stepsPerSec) {
        double eta = Double.POSITIVE_INFINITY;
        if (maxSteps > 0 && stepsPerSec > 0) {
            eta = (maxSteps - step) / stepsPerSec;
        }
        if (budget > 0) {
            eta = Math.min(eta, Math.max(0, budget - elapsed));
        }
        return eta;
    }

    static String clock(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "--:--";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%02d:%02d", s / 60, s % 60);
    }
}
