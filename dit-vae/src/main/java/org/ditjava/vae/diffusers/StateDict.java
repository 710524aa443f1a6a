package org.ditjava.vae.diffusers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ditjava.io.TensorSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The tensors of a weight file as the graph builder takes them: each read once, cast to float32,
 * its shape checked against what the config implies, and every tensor the file holds must be
 * taken, so a file of another architecture or config fails by name instead of running with
 * weights left out.
 */
final class StateDict {
    private final TensorSource source;
    private final String configFile;
    private final Set<String> unused;

    StateDict(TensorSource source, String configFile) {
        this.source = source;
        this.configFile = configFile;
        this.unused = new LinkedHashSet<>(source.names());
    }

    Path file() {
        return source.file();
    }

    boolean contains(String name) {
        return source.contains(name);
    }

    /** The rank of tensor {@code name} (which must exist). */
    int rank(String name) {
        try {
            return source.info(name).shape().length;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Tensor {@code name}, which must have {@code shape}; as float32. */
    INDArray take(String name, long... shape) {
        if (!source.contains(name)) {
            throw missing(name, "");
        }
        try {
            long[] actual = source.info(name).shape();
            if (!Arrays.equals(actual, shape)) {
                throw new IllegalArgumentException(source.file() + ": tensor '" + name + "' has shape " + Arrays.toString(actual)
                        + " but " + configFile + " implies " + Arrays.toString(shape));
            }
            INDArray a = source.read(name);
            unused.remove(name);
            return a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The error for a tensor the config needs but the file lacks. */
    IllegalArgumentException missing(String name, String note) {
        return new IllegalArgumentException(source.file() + ": no tensor '" + name + "' " + note
                + " (needed by the AutoencoderKL that " + configFile + " describes)");
    }

    /** Fails when the file holds tensors the graph did not use. */
    void requireAllTaken() {
        if (!unused.isEmpty()) {
            List<String> some = unused.stream().limit(8).toList();
            throw new IllegalArgumentException(source.file() + ": " + unused.size() + " tensors are not part of the AutoencoderKL that "
                    + configFile + " describes, e.g. " + some);
        }
    }
}
