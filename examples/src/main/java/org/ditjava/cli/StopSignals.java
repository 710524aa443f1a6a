package org.ditjava.cli;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Ctrl-C (SIGINT) during training: the first asks for a clean stop (finish the step, write the
 * checkpoint, no preview grid); the second stops the process at once, leaving what is on disk — the
 * last finished checkpoint (checkpoints are written atomically, so a write that the halt cuts short
 * leaves only a temporary folder that the next resume removes). Without a signal handler
 * (a JVM run with {@code -Xrs}) the JVM's own shutdown applies.
 */
final class StopSignals implements AutoCloseable {
    /** Exit status of a process stopped by SIGINT (128 + 2), as shells report it. */
    static final int INTERRUPTED = 130;

    private final AtomicInteger count = new AtomicInteger();
    private final Runnable stop;
    private final IntConsumer halt;
    private final PrintStream err;
    private SignalHandler previous;

    StopSignals(Runnable stop, IntConsumer halt, PrintStream err) {
        this.stop = stop;
        this.halt = halt;
        this.err = err;
    }

    /** Handles SIGINT for {@code stop} until closed; the second one halts the JVM. */
    static StopSignals install(Runnable stop, PrintStream err) {
        StopSignals s = new StopSignals(stop, status -> Runtime.getRuntime().halt(status), err);
        try {
            s.previous = Signal.handle(new Signal("INT"), sig -> s.interrupted());
            if (s.previous == SignalHandler.SIG_IGN) {
                s.previous = null;   // SIGINT is ignored (a background job): the JVM installed nothing
            }
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            s.previous = null;   // no signal handling here: the shutdown hook still stops cleanly
        }
        return s;
    }

    /** One Ctrl-C. */
    void interrupted() {
        if (count.incrementAndGet() == 1) {
            err.println("\ndit train: stopping after this step and writing a checkpoint (Ctrl-C again stops at once)");
            err.flush();
            stop.run();
        } else {
            err.println("\ndit train: stopped at once; the last finished checkpoint is intact (dit train --resume continues)");
            err.flush();
            halt.accept(INTERRUPTED);
        }
    }

    @Override
    public void close() {
        if (previous != null) {
            try {
                Signal.handle(new Signal("INT"), previous);
            } catch (IllegalArgumentException e) {
                // the JVM is shutting down
            }
        }
    }
}
