package org.ditjava.train;

import org.bytedeco.javacpp.Pointer;

/**
 * Keeps ND4J's off-heap memory from piling up. SameDiff allocates arrays afresh and frees them only
 * when their Java objects are collected; with a large heap the collector seldom runs and the process
 * grows toward the JavaCPP limit (measured with M2.1's {@code calculateGradientsAndOutputs}: 15 GB
 * after 20 steps of the quickstart model, and slower, as fresh pages fault in; a collection after
 * each step kept it at 3.6 GB and made steps 2.5× faster). {@link #relieve()} collects when the
 * resident size has grown by more than a quarter (and at least 256 MiB) since the last collection,
 * so a process whose memory is stable (gradients through dit-model's {@code SameDiffGradients}) is not
 * charged the ~50 ms a collection costs on every step. The floor is the system property
 * {@value #PROPERTY} (bytes, default 1 GiB): below it nothing is collected.
 */
public final class MemoryGovernor {
    public static final String PROPERTY = "dit.gcAboveBytes";
    private static final long FLOOR = Long.getLong(PROPERTY, 1L << 30);
    private static final long MIN_GROWTH = 256L << 20;
    private static long afterLast;

    private MemoryGovernor() {
    }

    /** Collects garbage if the resident memory grew markedly since the last collection. */
    public static synchronized void relieve() {
        long rss = Pointer.physicalBytes();
        if (rss > FLOOR && rss > afterLast + Math.max(MIN_GROWTH, afterLast / 4)) {
            System.gc();
            afterLast = Pointer.physicalBytes();
        }
    }
}
