package org.ditjava.io.torch;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ditjava.io.TensorFileException;
import org.ditjava.io.TensorInfo;
import org.ditjava.io.TensorSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A PyTorch checkpoint ({@code .pt} / {@code .pth} written by {@code torch.save}), read without
 * Python: the zip format of torch ≥ 1.6 and the legacy format before it. Opening unpickles the
 * object tree with a restricted {@link Unpickler} (only the globals a checkpoint needs; anything
 * else is refused by name with an {@link UnsafeCheckpointException}) and checks every storage's size;
 * tensor data stay in the file and are read one tensor at a time by {@link #read}, so a file of
 * several GB needs about one tensor of heap and its arrays' size off-heap.
 *
 * <p>Tensors are named by their path in the tree, dict keys and list indices joined by dots: a
 * state dict gives its own keys ({@code blocks.0.attn.qkv.weight}); the official {@code train.py}
 * checkpoint gives {@code model.…}, {@code ema.…} and {@code opt.state.0.exp_avg}; {@link #section}
 * views one sub-dict with its prefix removed. float16 / bfloat16 tensors are read as float32.
 */
public final class TorchCheckpoint implements TensorSource {
    /** The container format. */
    public enum Format { ZIP, LEGACY }

    private final Path file;
    private final Format format;
    private final Object root;
    private final StorageData data;
    private final Map<String, TorchTensor> tensors;

    private TorchCheckpoint(Path file, Format format, CheckpointFormats.Opened opened, Map<String, TorchTensor> tensors) {
        this.file = file;
        this.format = format;
        this.root = opened.root();
        this.data = opened.data();
        this.tensors = tensors;
    }

    /** Opens a checkpoint, refusing any pickle global outside {@link GlobalResolver#CHECKPOINT}. */
    public static TorchCheckpoint open(Path file) throws IOException {
        return open(file, GlobalResolver.CHECKPOINT);
    }

    /** Opens a checkpoint with another resolver (tests wrap the allow-list to watch what a file asks for). */
    public static TorchCheckpoint open(Path file, GlobalResolver resolver) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new TensorFileException(file, null, Files.exists(file) ? "not a regular file" : "no such file");
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            boolean zip = CheckpointFormats.isZip(ch);
            CheckpointFormats.Opened opened = zip ? CheckpointFormats.openZip(file, ch, resolver)
                    : CheckpointFormats.openLegacy(file, ch, resolver);
            Map<String, TorchTensor> tensors = new LinkedHashMap<>();
            collect(opened.root(), "", tensors);
            checkExtents(file, tensors);
            return new TorchCheckpoint(file, zip ? Format.ZIP : Format.LEGACY, opened, Collections.unmodifiableMap(tensors));
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public Path file() {
        return file;
    }

    public Format format() {
        return format;
    }

    /**
     * The unpickled object tree: {@link Map}s, {@link List}s, {@link TorchTensor}s, {@link PyObject}s
     * ({@code argparse.Namespace}) and boxed scalars / strings.
     */
    public Object root() {
        return root;
    }

    @Override
    public List<String> names() {
        return new ArrayList<>(tensors.keySet());
    }

    @Override
    public boolean contains(String name) {
        return tensors.containsKey(name);
    }

    /** The tensor's storage, offset, shape and strides. */
    public TorchTensor tensor(String name) throws TensorFileException {
        TorchTensor t = tensors.get(name);
        if (t == null) {
            throw noSuchArray(name);
        }
        return t;
    }

    /** Type and shape of what {@link #read} returns (float16 / bfloat16 → float32). */
    @Override
    public TensorInfo info(String name) throws IOException {
        return tensor(name).info();
    }

    /** The stored element type (before widening). */
    public TorchDType storedType(String name) throws IOException {
        return tensor(name).storage().dtype();
    }

    /** Reads one tensor into a new C-order ND4J array (float16 / bfloat16 widened to float32). */
    @Override
    public INDArray read(String name) throws IOException {
        return TensorReader.read(tensor(name), data, file, name);
    }

    /** The top-level keys of the root dict whose values hold tensors (e.g. {@code model}, {@code ema}, {@code opt}). */
    public List<String> sections() {
        List<String> out = new ArrayList<>();
        if (root instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> kv : m.entrySet()) {
                String prefix = kv.getKey() + ".";
                if (tensors.keySet().stream().anyMatch(n -> n.startsWith(prefix))) {
                    out.add(String.valueOf(kv.getKey()));
                }
            }
        }
        return out;
    }

    /**
     * The tensors under top-level key {@code key} with {@code key.} removed from their names, as a
     * source of its own (closing it does nothing; close the checkpoint).
     */
    public TensorSource section(String key) throws TensorFileException {
        if (!sections().contains(key)) {
            throw new TensorFileException(file, key, "no such section of tensors; the file has " + sections());
        }
        return new CheckpointSection(this, key + ".");
    }

    /** The value of top-level key {@code key} of the root dict, if the root is a dict holding it. */
    public Optional<Object> value(String key) {
        return root instanceof Map<?, ?> m ? Optional.ofNullable(m.get(key)) : Optional.empty();
    }

    @Override
    public void close() throws IOException {
        data.close();
    }

    private static void collect(Object node, String path, Map<String, TorchTensor> out) {
        if (node instanceof TorchTensor t) {
            out.put(path.isEmpty() ? "tensor" : path, t);
        } else if (node instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> kv : m.entrySet()) {
                collect(kv.getValue(), join(path, kv.getKey()), out);
            }
        } else if (node instanceof List<?> l) {
            for (int i = 0; i < l.size(); i++) {
                collect(l.get(i), join(path, i), out);
            }
        }
    }

    private static String join(String path, Object key) {
        return path.isEmpty() ? String.valueOf(key) : path + "." + key;
    }

    /** Every tensor must lie inside its storage. */
    private static void checkExtents(Path file, Map<String, TorchTensor> tensors) throws TensorFileException {
        for (Map.Entry<String, TorchTensor> kv : tensors.entrySet()) {
            TorchTensor t = kv.getValue();
            long end;
            try {
                end = t.storageEnd();
            } catch (ArithmeticException e) {
                throw new TensorFileException(file, kv.getKey(), "shape and strides overflow", e);
            }
            if (end > t.storage().numel()) {
                throw new TensorFileException(file, kv.getKey(), "storage size mismatch: shape "
                        + java.util.Arrays.toString(t.shape()) + ", stride " + java.util.Arrays.toString(t.stride())
                        + " and offset " + t.offset() + " need " + end + " elements but storage '" + t.storage().key()
                        + "' holds " + t.storage().numel());
            }
        }
    }
}
