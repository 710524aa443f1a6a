package org.ditjava.io;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A file of named arrays that can be listed and read one by one: an {@code .npz} archive
 * ({@link NpzReader}) or a {@code .safetensors} file ({@link SafetensorsReader}).
 * {@link TensorFiles#open(Path)} picks the right one.
 */
public interface TensorSource extends Closeable {

    /** The file being read. */
    Path file();

    /** Array names in file order. */
    List<String> names();

    /** Whether an array of that name exists. */
    default boolean contains(String name) {
        return names().contains(name);
    }

    /** Type and shape of one array, without reading its data. */
    TensorInfo info(String name) throws IOException;

    /** Reads one whole array (C order). */
    INDArray read(String name) throws IOException;

    /** The exception for a name that is not in the file, listing (some of) the names that are. */
    default TensorFileException noSuchArray(String name) {
        List<String> all = names();
        String listed = all.stream().limit(40).collect(Collectors.joining(", "));
        String more = all.size() > 40 ? ", ... (" + all.size() + " in all)" : "";
        return new TensorFileException(file(), name, "no such array; the file holds: " + listed + more);
    }
}
