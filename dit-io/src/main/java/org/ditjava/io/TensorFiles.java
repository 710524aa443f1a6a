package org.ditjava.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Format-neutral entry points: the file name's extension picks NPZ or safetensors. */
public final class TensorFiles {
    private TensorFiles() {
    }

    /** Opens a {@code .npz} or {@code .safetensors} file for reading. */
    public static TensorSource open(Path file) throws IOException {
        return switch (formatOf(file)) {
            case NPZ -> NpzReader.open(file);
            case SAFETENSORS -> SafetensorsReader.open(file);
        };
    }

    /** Writes named arrays to a {@code .npz} (stored) or {@code .safetensors} file, atomically. */
    public static void write(Path file, Map<String, INDArray> tensors) throws IOException {
        switch (formatOf(file)) {
            case NPZ -> {
                try (NpzWriter w = NpzWriter.create(file, NpzWriter.Compression.STORED)) {
                    for (Map.Entry<String, INDArray> kv : tensors.entrySet()) {
                        w.write(kv.getKey(), kv.getValue());
                    }
                    w.commit();
                }
            }
            case SAFETENSORS -> SafetensorsWriter.write(file, tensors, Map.of());
        }
    }

    private enum Format { NPZ, SAFETENSORS }

    private static Format formatOf(Path file) throws TensorFileException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npz")) {
            return Format.NPZ;
        }
        if (name.endsWith(".safetensors")) {
            return Format.SAFETENSORS;
        }
        throw new TensorFileException(file, null, "unknown tensor file type: the name must end in .npz or .safetensors");
    }
}
