package org.ditjava.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ditjava.io.TensorFileException;
import org.ditjava.io.TensorFiles;
import org.ditjava.io.TensorInfo;
import org.ditjava.io.TensorSource;
import org.ditjava.io.torch.TorchCheckpoint;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The DiT {@code state_dict} inside any weight file: an {@code .npz} / {@code .safetensors} file as is
 * (keys = official names, maybe with {@code cfg.*} beside them), a PyTorch state dict ({@code torch.save(
 * model.state_dict())}, the form of the released {@code DiT-XL-2-256x256.pt}) as is, or the {@link WeightsKey}
 * part of an official {@code train.py} checkpoint ({@code {"model", "ema", "opt", "args"}}).
 * Closing it closes the file.
 */
public final class DiTWeightFile implements TensorSource {
    private final TensorSource file;
    private final TensorSource weights;
    private final String description;

    private DiTWeightFile(TensorSource file, TensorSource weights, String description) {
        this.file = file;
        this.weights = weights;
        this.description = description;
    }

    /** Opens {@code path}; {@code key} picks the part of a training checkpoint (ignored for a plain state dict). */
    public static DiTWeightFile open(Path path, WeightsKey key) throws IOException {
        TensorSource src = TensorFiles.open(path);
        try {
            if (src instanceof TorchCheckpoint ckpt && !ckpt.contains("x_embedder.proj.weight")) {
                List<String> parts = ckpt.sections();
                if (!parts.contains(key.key())) {
                    throw new TensorFileException(path, null, "neither a DiT state dict (no x_embedder.proj.weight) nor a "
                            + "train.py checkpoint with '" + key.key() + "' weights; its top-level keys with tensors: " + parts);
                }
                return new DiTWeightFile(src, ckpt.section(key.key()), "'" + key.key() + "' weights of a training checkpoint");
            }
            return new DiTWeightFile(src, src, src instanceof TorchCheckpoint ? "PyTorch state dict" : "weight file");
        } catch (IOException | RuntimeException e) {
            src.close();
            throw e;
        }
    }

    /** What was opened, e.g. {@code 'ema' weights of a training checkpoint}. */
    public String description() {
        return description;
    }

    @Override
    public Path file() {
        return file.file();
    }

    @Override
    public List<String> names() {
        return weights.names();
    }

    @Override
    public boolean contains(String name) {
        return weights.contains(name);
    }

    @Override
    public TensorInfo info(String name) throws IOException {
        return weights.info(name);
    }

    @Override
    public INDArray read(String name) throws IOException {
        return weights.read(name);
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
