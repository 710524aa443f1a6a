package org.ditjava.eval;

import java.util.Optional;
import org.nd4j.linalg.api.blas.BlasException;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Float64 LAPACK routines on symmetric matrices through ND4J's backend-neutral
 * {@code Nd4j.getBlasWrapper().lapack()} (OpenBLAS on the CPU). Inputs are never modified.
 *
 * <p>ND4J's {@code Eigen.symmetricGeneralizedEigenvalues(A, false)} still asks LAPACK for the
 * eigenvectors (jobz 'V'); calling {@code syev} with jobz 'N' directly gives the eigenvalues alone,
 * an order of magnitude faster at 2048². The measured times are in dit-eval's README ("The
 * eigensolver, measured").
 */
final class SymmetricMatrices {
    private SymmetricMatrices() {
    }

    /** Eigenvalues of the symmetric matrix {@code a} (lower triangle used), ascending. */
    static double[] eigenvalues(INDArray a) {
        INDArray work = fortranCopy(a);
        INDArray values = Nd4j.create(DataType.DOUBLE, a.rows());
        Nd4j.getBlasWrapper().lapack().syev('N', 'L', work, values);
        return values.toDoubleVector();
    }

    /** A factor {@code F} with {@code F Fᵀ = a}: the lower Cholesky factor, or empty when {@code a} is not positive definite. */
    static Optional<INDArray> cholesky(INDArray a) {
        INDArray work = fortranCopy(a);
        try {
            Nd4j.getBlasWrapper().lapack().potrf(work, true);
        } catch (BlasException e) {
            return Optional.empty();
        }
        return Optional.of(work);
    }

    /**
     * A factor {@code F = V √max(Λ, 0)} with {@code F Fᵀ = a} up to the clamped negative
     * eigenvalues, for positive semi-definite (e.g. rank-deficient) matrices. Costs a full
     * eigendecomposition (LAPACK {@code syev} with vectors).
     */
    static INDArray eigenFactor(INDArray a) {
        INDArray vectors = fortranCopy(a);
        INDArray values = Nd4j.create(DataType.DOUBLE, a.rows());
        Nd4j.getBlasWrapper().lapack().syev('V', 'L', vectors, values);
        double[] lambda = values.toDoubleVector();
        double[] root = new double[lambda.length];
        for (int i = 0; i < lambda.length; i++) {
            root[i] = Math.sqrt(Math.max(lambda[i], 0.0));
        }
        return vectors.mulRowVector(Nd4j.createFromArray(root).reshape(1, root.length));
    }

    /** {@code Fᵀ a F}, symmetrised. */
    static INDArray congruence(INDArray f, INDArray a) {
        long d = a.rows();
        INDArray af = Nd4j.create(DataType.DOUBLE, new long[] {d, f.columns()}, 'f');
        Nd4j.gemm(fortranCopy(a), f, af, false, false, 1.0, 0.0);
        INDArray m = Nd4j.create(DataType.DOUBLE, new long[] {f.columns(), f.columns()}, 'f');
        Nd4j.gemm(f, af, m, true, false, 1.0, 0.0);
        return m.add(m.transpose()).muli(0.5);
    }

    /** Indices of the rows of {@code a} that are exactly zero. */
    static int[] zeroRows(INDArray a) {
        double[] v = HostData.doubles(a);
        int d = (int) a.rows();
        return java.util.stream.IntStream.range(0, d).filter(i -> allZero(v, i * d, d)).toArray();
    }

    private static boolean allZero(double[] v, int off, int n) {
        for (int i = off; i < off + n; i++) {
            if (v[i] != 0.0) {
                return false;
            }
        }
        return true;
    }

    private static INDArray fortranCopy(INDArray a) {
        return a.castTo(DataType.DOUBLE).dup('f');
    }
}
