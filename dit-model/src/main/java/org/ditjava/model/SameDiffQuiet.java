package org.ditjava.model;

import java.io.OutputStream;
import java.io.PrintStream;
import org.nd4j.autodiff.samediff.SameDiff;

/**
 * SameDiff M2.1 prints "Added differentiated op ..." on {@code System.out} once per op the first time
 * it builds the gradient graph (about a thousand lines for DiT-S). This builds it with
 * {@code System.out} silenced, restoring it afterwards.
 */
public final class SameDiffQuiet {
    private SameDiffQuiet() {
    }

    /** {@code sd.createGradFunction()} without the console noise; a no-op when it already exists. */
    public static void createGradFunction(SameDiff sd) {
        if (sd.getFunction(SameDiffGradients.GRAD_FUNCTION) != null) {
            return;
        }
        synchronized (System.class) {
            PrintStream saved = System.out;
            System.setOut(new PrintStream(OutputStream.nullOutputStream()));
            try {
                sd.createGradFunction();
            } finally {
                System.setOut(saved);
            }
        }
    }
}
