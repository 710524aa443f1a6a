package org.ditjava.io.torch;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ditjava.io.TensorFileException;

/**
 * What calling an allowed {@link CheckpointGlobal} does: a few lines of Java each, building plain
 * data. These mirror {@code torch/_utils.py} ({@code _rebuild_tensor_v2}, {@code _rebuild_parameter})
 * without the autograd parts: {@code requires_grad} and backward hooks are ignored.
 */
final class GlobalCalls {
    private GlobalCalls() {
    }

    /** {@code REDUCE}: {@code global(*args)}. */
    static Object call(CheckpointGlobal g, List<Object> args, Path file) throws TensorFileException {
        return switch (g) {
            case ORDERED_DICT, DICT -> args.isEmpty() ? new LinkedHashMap<>() : dictFrom(args.get(0), g, file);
            case REBUILD_TENSOR_V2, REBUILD_TENSOR -> tensor(args, g, file);
            case REBUILD_PARAMETER -> arg(args, 0, TorchTensor.class, g, file);
            case TORCH_SIZE, TUPLE -> Collections.unmodifiableList(new ArrayList<>(arg(args, 0, Collection.class, g, file)));
            case LIST -> args.isEmpty() ? new ArrayList<>() : new ArrayList<>(arg(args, 0, Collection.class, g, file));
            case SET, FROZENSET -> args.isEmpty() ? new LinkedHashSet<>() : new LinkedHashSet<>(arg(args, 0, Collection.class, g, file));
            case TORCH_DEVICE -> args.stream().map(String::valueOf).collect(Collectors.joining(":"));
            case NAMESPACE -> new PyObject(g.qualifiedName());
        };
    }

    /** {@code NEWOBJ}: {@code cls.__new__(cls, *args)}, an empty instance to be filled by {@code BUILD} / {@code SETITEMS}. */
    static Object instantiate(CheckpointGlobal g, List<Object> args, Path file) throws TensorFileException {
        return switch (g) {
            case NAMESPACE -> new PyObject(g.qualifiedName());
            case ORDERED_DICT, DICT -> new LinkedHashMap<>();
            case SET -> new LinkedHashSet<>();
            case LIST -> new ArrayList<>();
            default -> call(g, args, file);
        };
    }

    private static TorchTensor tensor(List<Object> args, CheckpointGlobal g, Path file) throws TensorFileException {
        StorageRef storage = arg(args, 0, StorageRef.class, g, file);
        long offset = arg(args, 1, Long.class, g, file);
        long[] shape = longs(arg(args, 2, List.class, g, file), g, file);
        long[] stride = longs(arg(args, 3, List.class, g, file), g, file);
        try {
            return new TorchTensor(storage, offset, shape, stride);
        } catch (IllegalArgumentException e) {
            throw new TensorFileException(file, null, g.qualifiedName() + ": " + e.getMessage(), e);
        }
    }

    private static Map<Object, Object> dictFrom(Object items, CheckpointGlobal g, Path file) throws TensorFileException {
        Map<Object, Object> out = new LinkedHashMap<>();
        if (items instanceof Map<?, ?> m) {
            out.putAll(m);
            return out;
        }
        if (items instanceof Collection<?> c) {
            for (Object pair : c) {
                if (!(pair instanceof List<?> kv) || kv.size() != 2) {
                    throw bad(g, "an item that is not a (key, value) pair", file);
                }
                out.put(kv.get(0), kv.get(1));
            }
            return out;
        }
        throw bad(g, "an argument of type " + Unpickler.describe(items), file);
    }

    private static long[] longs(List<?> items, CheckpointGlobal g, Path file) throws TensorFileException {
        long[] out = new long[items.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(items.get(i) instanceof Long v)) {
                throw bad(g, "a size or stride that is not an int: " + items, file);
            }
            out[i] = v;
        }
        return out;
    }

    private static <T> T arg(List<Object> args, int i, Class<T> type, CheckpointGlobal g, Path file) throws TensorFileException {
        if (args.size() <= i || !type.isInstance(args.get(i))) {
            throw bad(g, "argument " + i + " is " + (args.size() <= i ? "missing" : Unpickler.describe(args.get(i)))
                    + ", expected " + type.getSimpleName(), file);
        }
        return type.cast(args.get(i));
    }

    private static TensorFileException bad(CheckpointGlobal g, String problem, Path file) {
        return new TensorFileException(file, null, "malformed checkpoint: " + g.qualifiedName() + " called with " + problem);
    }
}
