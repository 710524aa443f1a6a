package org.ditjava.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.ditjava.io.torch.TorchCheckpoint;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Format-neutral entry points: the file name's extension picks NPZ, safetensors or (reading only)
 * a PyTorch checkpoint ({@code .pt} / {@code .pth} / {@code .bin}, see {@link TorchCheckpoint}).
 */
public final class TensorFiles {
    private TensorFiles() {
    }

    /**
     * Opens a {@code .npz}, {@code .safetensors} or PyTorch ({@code .pt}, {@code .pth}, {@code .bin})
     * file for reading. A PyTorch file's tensors are named by their path in its object tree
     * ({@code ema.blocks.0.attn.qkv.weight} in a training checkpoint; see {@link TorchCheckpoint#section}).
     */
    public static TensorSource open(Path file) throws IOException {
        return switch (formatOf(file)) {
            case NPZ -> NpzReader.open(file);
            case SAFETENSORS -> SafetensorsReader.open(file);
            case TORCH -> TorchCheckpoint.open(file);
        };
    }

    /** Whether the name says PyTorch checkpoint: it ends in {@code .pt}, {@code .pth} or {@code .bin}. */
    public static boolean isTorchCheckpoint(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".pt") || name.endsWith(".pth") || name.endsWith(".bin");
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
            case TORCH -> throw new TensorFileException(file, null, "PyTorch checkpoints are read, not written: use .npz or .safetensors");
        }
    }

    private enum Format { NPZ, SAFETENSORS, TORCH }

    private static Format formatOf(Path file) throws TensorFileException {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".npz")) {
            return Format.NPZ;
        }
        if (name.endsWith(".safetensors")) {
            return Format.SAFETENSORS;
        }
        if (isTorchCheckpoint(file)) {
            return Format.TORCH;
        }
        throw new TensorFileException(file, null, "unknown tensor file type: the name must end in .npz, .safetensors, .pt or .pth");
    }
}
