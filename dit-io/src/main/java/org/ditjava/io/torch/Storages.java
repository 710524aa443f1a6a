package org.ditjava.io.torch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ditjava.io.TensorFileException;

/**
 * The {@code persistent_load} of a checkpoint: turns each {@code ('storage', torch.XStorage, key,
 * location, numel[, view])} id into one {@link StorageRef} per key (tensors sharing a storage share
 * the ref), and remembers them for the size checks made after the pickle.
 */
final class Storages implements Unpickler.PersistentLoader {
    private final Path file;
    private final Map<String, StorageRef> byKey = new LinkedHashMap<>();

    Storages(Path file) {
        this.file = file;
    }

    Map<String, StorageRef> byKey() {
        return byKey;
    }

    @Override
    public Object load(Object pid) throws IOException {
        if (!(pid instanceof List<?> t) || t.size() < 5 || !"storage".equals(t.get(0))) {
            throw new TensorFileException(file, null, "malformed checkpoint: persistent id " + describe(pid)
                    + " is not ('storage', type, key, location, numel)");
        }
        if (!(t.get(1) instanceof TorchDType dtype) || !(t.get(4) instanceof Long numel) || numel < 0) {
            throw new TensorFileException(file, null, "malformed checkpoint: persistent id " + describe(pid)
                    + " needs a torch storage class and an element count");
        }
        if (t.size() > 5 && t.get(5) != null) {
            throw new TensorFileException(file, null, "storage views (torch before 0.4) are not supported");
        }
        String key = String.valueOf(t.get(2));
        StorageRef ref = new StorageRef(key, dtype, String.valueOf(t.get(3)), numel);
        StorageRef known = byKey.putIfAbsent(key, ref);
        if (known != null && (known.dtype() != dtype || known.numel() != numel)) {
            throw new TensorFileException(file, null, "storage '" + key + "' is referred to as both "
                    + known.dtype() + "[" + known.numel() + "] and " + dtype + "[" + numel + "]");
        }
        return known != null ? known : ref;
    }

    /** Checks that every storage is stored in full in the file. */
    void checkStored(StorageData data) throws IOException {
        for (StorageRef s : byKey.values()) {
            long stored = data.storedBytes(s.key());
            if (stored < 0) {
                throw new TensorFileException(file, null, "storage '" + s.key() + "' is referenced but not in the file");
            }
            if (stored != s.numBytes()) {
                throw new TensorFileException(file, null, "storage size mismatch: storage '" + s.key() + "' should hold "
                        + s.numel() + " " + s.dtype() + " elements (" + s.numBytes() + " bytes) but the file has "
                        + stored + " bytes for it");
            }
        }
    }

    private static String describe(Object o) {
        return o instanceof List<?> l ? l.stream().map(Unpickler::describe).toList().toString() : Unpickler.describe(o);
    }
}
