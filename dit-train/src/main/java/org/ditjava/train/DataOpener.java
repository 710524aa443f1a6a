package org.ditjava.train;

import java.io.IOException;
import org.ditjava.data.Cursor;

/** How a {@link Trainer} opens its data; {@link TrainingData#open} unless a caller brings its own source. */
@FunctionalInterface
public interface DataOpener {
    /** The built-in sources of {@link DataKind}. */
    DataOpener DEFAULT = TrainingData::open;

    TrainingData open(DataSpec spec, int batchSize, long seed, Cursor from) throws IOException;
}
