package org.ditjava.train;

/** The loss, the gradients or the weights stopped being finite; the message says where and what to do. */
public final class DivergedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DivergedException(String message) {
        super(message);
    }
}
