package org.ditjava.bench;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The machine's practical ceiling: a large float32 matrix product through ND4J's BLAS
 * ({@code Nd4j.gemm} into an f-order result, the layout the BLAS writes natively).
 */
public final class SgemmCeiling {
    /** Side of the square product, as in STACK.md. */
    public static final int SIZE = 2048;

    private SgemmCeiling() {
    }

    /** Times {@code SIZE³} products. */
    public static PhaseResult measure(Stopwatch watch) {
        INDArray a = Nd4j.rand(DataType.FLOAT, SIZE, SIZE);
        INDArray b = Nd4j.rand(DataType.FLOAT, SIZE, SIZE);
        INDArray c = Nd4j.create(DataType.FLOAT, new long[] {SIZE, SIZE}, 'f');
        double flops = 2.0 * SIZE * SIZE * SIZE;
        PhaseResult r = watch.measure("sgemm", 0, flops, () -> Nd4j.gemm(a, b, c, false, false, 1.0, 0.0));
        a.close();
        b.close();
        c.close();
        return r;
    }
}
