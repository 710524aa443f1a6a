package org.ditjava.bench;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * ND4J's thread counts for the whole process: libnd4j's own pool, its OpenMP loops and OpenBLAS.
 * On this 2-core shared machine the count matters as much as any graph change (bench/NOTES.md):
 * under load two threads that spin-wait on each other (OpenMP's default active wait) made the
 * DiT-S/2 forward 2.8× slower than one thread; {@code OMP_WAIT_POLICY=PASSIVE} (set by
 * {@code bench/compare.sh} for both sides) removes most of that.
 */
public final class BenchThreads {
    private BenchThreads() {
    }

    /** Uses {@code n} threads everywhere (0: leave ND4J's defaults); returns libnd4j's OpenMP count. */
    public static int apply(int n) {
        Nd4j.getExecutioner();                   // ND4J must be up before NativeOpsHolder is touched
        if (n > 0) {
            Nd4j.getEnvironment().setMaxThreads(n);
            Nd4j.getEnvironment().setMaxMasterThreads(n);
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
            Nd4j.factory().blas().setMaxThreads(n);
        }
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }
}
