package org.ditjava.eval;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import org.ditjava.io.NpzReader;
import org.ditjava.io.NpzWriter;
import org.ditjava.io.TensorFileException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The Gaussian summary of a feature set that the Fréchet distance compares: the mean {@code mu}
 * ({@code (D)}, float32 when computed here, as {@code np.mean} of float32 features gives) and the
 * covariance {@code sigma} ({@code (D, D)}, float64, ddof 1, as {@code np.cov(rowvar=False)}).
 * Mirrors {@code FIDStatistics} in guided-diffusion's {@code evaluations/evaluator.py}.
 *
 * @param mu    the mean, shape (D), float32 or float64
 * @param sigma the covariance, shape (D, D), float64
 */
public record FidStatistics(INDArray mu, INDArray sigma) {

    /** Keys of ADM's reference batches for the pool (FID) statistics. */
    public static final Keys POOL_KEYS = new Keys("mu", "sigma");
    /** Keys of ADM's reference batches for the spatial (sFID) statistics. */
    public static final Keys SPATIAL_KEYS = new Keys("mu_s", "sigma_s");

    /** The pair of array names under which one set of statistics is stored in an {@code .npz}. */
    public record Keys(String mu, String sigma) {
    }

    public FidStatistics {
        if (mu.rank() != 1 || !mu.dataType().isFPType()) {
            throw new IllegalArgumentException("mu must be a floating-point vector, got " + mu.dataType() + " " + Arrays.toString(mu.shape()));
        }
        long d = mu.length();
        if (sigma.rank() != 2 || sigma.rows() != d || sigma.columns() != d) {
            throw new IllegalArgumentException("sigma must be (" + d + ", " + d + ") to match mu, got " + Arrays.toString(sigma.shape()));
        }
        if (sigma.dataType() != DataType.DOUBLE) {
            sigma = sigma.castTo(DataType.DOUBLE);
        }
    }

    /** The feature dimension D. */
    public int dim() {
        return (int) mu.length();
    }

    /** True when {@code file} holds both arrays of {@code keys}. */
    public static boolean presentIn(NpzReader npz, Keys keys) {
        return npz.contains(keys.mu()) && npz.contains(keys.sigma());
    }

    /** Reads the statistics stored under {@code keys}; errors name the file and the array. */
    public static FidStatistics read(NpzReader npz, Keys keys) throws IOException {
        INDArray mu = npz.read(keys.mu());
        INDArray sigma = npz.read(keys.sigma());
        Path file = npz.file();
        if (!mu.dataType().isFPType() || !sigma.dataType().isFPType()) {
            throw new TensorFileException(file, keys.mu(), "statistics must be floating point, got "
                    + mu.dataType() + " / " + sigma.dataType());
        }
        try {
            return new FidStatistics(mu.reshape(mu.length()), sigma);
        } catch (IllegalArgumentException e) {
            throw new TensorFileException(file, keys.sigma(), e.getMessage());
        }
    }

    /** Adds the two arrays to an archive being written. */
    public void writeTo(NpzWriter npz, Keys keys) throws IOException {
        npz.write(keys.mu(), mu);
        npz.write(keys.sigma(), sigma);
    }
}
