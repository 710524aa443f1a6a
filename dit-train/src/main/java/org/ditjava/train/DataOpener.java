package org.ditjava.train;

import java.io.IOException;
import org.ditjava.data.BadInputPolicy;
import org.ditjava.data.Cursor;

/** How a {@link Trainer} opens its data; {@link TrainingData#open} unless a caller brings its own source. */
@FunctionalInterface
public interface DataOpener {
    /** The built-in sources of {@link DataKind}. */
    DataOpener DEFAULT = TrainingData::open;

    /** The built-in sources, an image folder's bad files handled by {@code policy}. */
    static DataOpener withPolicy(BadInputPolicy policy) {
        return (spec, batchSize, seed, from) -> TrainingData.open(spec, batchSize, seed, from, policy);
    }

    TrainingData open(DataSpec spec, int batchSize, long seed, Cursor from) throws IOException;
}
