package org.ditjava.eval;

/** A feature value that is NaN or infinite; the message names the row and the feature. */
public final class NonFiniteFeatureException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final long row;

    NonFiniteFeatureException(long row, int feature, float value) {
        super("feature row " + row + ", column " + feature + " is " + value + " (features must be finite)");
        this.row = row;
    }

    /** The row (counted over everything streamed so far) holding the value. */
    public long row() {
        return row;
    }
}
