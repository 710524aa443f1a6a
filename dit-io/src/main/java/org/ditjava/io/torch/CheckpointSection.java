package org.ditjava.io.torch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ditjava.io.TensorInfo;
import org.ditjava.io.TensorSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The tensors of one top-level key of a {@link TorchCheckpoint}, named without the key's prefix. */
final class CheckpointSection implements TensorSource {
    private final TorchCheckpoint checkpoint;
    private final String prefix;

    CheckpointSection(TorchCheckpoint checkpoint, String prefix) {
        this.checkpoint = checkpoint;
        this.prefix = prefix;
    }

    @Override
    public Path file() {
        return checkpoint.file();
    }

    @Override
    public List<String> names() {
        return checkpoint.names().stream().filter(n -> n.startsWith(prefix)).map(n -> n.substring(prefix.length())).toList();
    }

    @Override
    public boolean contains(String name) {
        return checkpoint.contains(prefix + name);
    }

    @Override
    public TensorInfo info(String name) throws IOException {
        requireName(name);
        return checkpoint.info(prefix + name);
    }

    @Override
    public INDArray read(String name) throws IOException {
        requireName(name);
        return checkpoint.read(prefix + name);
    }

    private void requireName(String name) throws IOException {
        if (!contains(name)) {
            throw noSuchArray(name);
        }
    }

    /** Does nothing: the checkpoint owns the file. */
    @Override
    public void close() {
    }
}
