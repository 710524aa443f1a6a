package org.ditjava.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.ditjava.io.Npy;
import org.ditjava.io.NpyHeader;
import org.ditjava.io.TensorFileException;
import org.ditjava.io.TensorInfo;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Precomputed feature arrays of one image set, as {@code .npy} files of shape (N, D): the pool
 * features (required), and optionally logits (for the Inception Score) and flattened spatial
 * features (for sFID). float32 is the suite's feature type; float64 is accepted and rounded to
 * float32.
 *
 * @param pool    (N, D) pool features
 * @param logits  (N, classes) logits, or {@code null}
 * @param spatial (N, Ds) spatial features, or {@code null}
 */
public record FeatureFiles(Path pool, Path logits, Path spatial) {
    public FeatureFiles {
        if (pool == null) {
            throw new IllegalArgumentException("a pool feature file is required");
        }
    }

    /** Pool features only. */
    public static FeatureFiles pool(Path pool) {
        return new FeatureFiles(pool, null, null);
    }

    /** Reads one (N, D) feature file as float32; errors name the file. */
    public static INDArray read(Path file) throws IOException {
        NpyHeader header = Npy.header(file);
        TensorInfo info = header.info();
        if (info.shape().length != 2) {
            throw new TensorFileException(file, null, "features must be a 2-d (N, D) array, got shape " + Arrays.toString(info.shape()));
        }
        if (!info.dtype().nd4j().isFPType()) {
            throw new TensorFileException(file, null, "features must be float32 (or float64), got " + info.dtype().name().toLowerCase(java.util.Locale.ROOT));
        }
        if (info.shape()[0] < 2) {
            throw new TensorFileException(file, null, "holds " + info.shape()[0] + " feature row(s); a covariance needs at least 2");
        }
        return Npy.read(file).castTo(DataType.FLOAT);
    }

    /** The statistics of a feature array read from {@code file}; NaN / infinite values fail naming the file. */
    static FidStatistics statistics(Path file, INDArray features) throws IOException {
        StatisticsAccumulator acc = new StatisticsAccumulator((int) features.columns());
        try {
            acc.add(features);
        } catch (NonFiniteFeatureException e) {
            throw new TensorFileException(file, null, e.getMessage());
        }
        return acc.statistics();
    }
}
