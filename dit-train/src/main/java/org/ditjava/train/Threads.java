package org.ditjava.train;

import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOpsHolder;

/**
 * ND4J's thread count (libnd4j's OpenMP pool and OpenBLAS), set for the whole process. On a small,
 * shared machine one thread can be several times faster than two (measured on an earlier, slower
 * version of the graph: 2.1 s vs 3.9 s per step of a 1.3 M-parameter DiT on 2 loaded cores), because
 * libnd4j's parallel element-wise ops wait on each other.
 */
public final class Threads {
    private Threads() {
    }

    /** Uses {@code n} threads (0: leave ND4J's default). Returns the OpenMP thread count now in effect. */
    public static int apply(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("thread count " + n + " is not allowed (allowed: 0 for ND4J's default, or 1 or more)");
        }
        Nd4j.getEnvironment();   // loads the backend first: the native ops holder alone fails to initialise without it
        if (n > 0) {
            Nd4j.getEnvironment().setMaxThreads(n);
            Nd4j.getEnvironment().setMaxMasterThreads(n);
            NativeOpsHolder.getInstance().getDeviceNativeOps().setOmpNumThreads(n);
        }
        return NativeOpsHolder.getInstance().getDeviceNativeOps().ompGetMaxThreads();
    }
}
