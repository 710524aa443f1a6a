package org.ditjava.data;

/**
 * Where a pass over a dataset stands: the epoch and how many entries of that epoch's (shuffled)
 * order have been consumed, skipped bad files included. Saving the cursor of the last batch a
 * training step used and starting a loader from it resumes exactly.
 */
public record Cursor(long epoch, int position) {

    public Cursor {
        if (epoch < 0 || position < 0) {
            throw new IllegalArgumentException("cursor needs epoch >= 0 and position >= 0, got (" + epoch + ", " + position + ")");
        }
    }

    /** The start of epoch 0. */
    public static Cursor start() {
        return new Cursor(0, 0);
    }

    /** The start of the next epoch. */
    public Cursor nextEpoch() {
        return new Cursor(epoch + 1, 0);
    }
}
