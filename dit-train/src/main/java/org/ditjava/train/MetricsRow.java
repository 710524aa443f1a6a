package org.ditjava.train;

import java.util.Locale;

/**
 * One row of {@code metrics.csv}: averages over the steps since the previous row.
 *
 * @param step         optimiser steps taken
 * @param epoch        data epoch
 * @param images       training images consumed
 * @param loss         mean loss (mse + vb)
 * @param mse          mean L_simple
 * @param vb           mean L_vb (bits)
 * @param gradNorm     mean global gradient L2 norm
 * @param learningRate the learning rate
 * @param stepsPerSec  optimiser steps per second over the window
 * @param imagesPerSec training images per second over the window
 * @param elapsedSec   training wall time of the run so far
 */
public record MetricsRow(long step, long epoch, long images, double loss, double mse, double vb, double gradNorm,
                         double learningRate, double stepsPerSec, double imagesPerSec, double elapsedSec) {
    public static final String HEADER = "step,epoch,images,loss,mse,vb,grad_norm,learning_rate,steps_per_s,images_per_s,elapsed_s";

    /** The CSV line (no newline). */
    public String toCsv() {
        return String.format(Locale.ROOT, "%d,%d,%d,%.6g,%.6g,%.6g,%.6g,%.3g,%.4g,%.4g,%.1f", step, epoch, images, loss,
                mse, vb, gradNorm, learningRate, stepsPerSec, imagesPerSec, elapsedSec);
    }

    /** Parses a line written by {@link #toCsv()}. */
    public static MetricsRow parse(String line) {
        String[] f = line.split(",");
        if (f.length != 11) {
            throw new IllegalArgumentException("metrics row has " + f.length + " fields, expected 11: " + line);
        }
        return new MetricsRow(Long.parseLong(f[0]), Long.parseLong(f[1]), Long.parseLong(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Double.parseDouble(f[5]), Double.parseDouble(f[6]), Double.parseDouble(f[7]),
                Double.parseDouble(f[8]), Double.parseDouble(f[9]), Double.parseDouble(f[10]));
    }
}
