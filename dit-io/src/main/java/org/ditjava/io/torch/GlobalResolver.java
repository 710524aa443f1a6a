package org.ditjava.io.torch;

/**
 * Decides what a {@code GLOBAL} opcode's {@code module.name} stands for. The only implementation
 * used for reading is {@link #CHECKPOINT}; tests wrap it to record what a file asks for.
 */
@FunctionalInterface
public interface GlobalResolver {

    /**
     * A {@link CheckpointGlobal} or a {@link TorchDType} (for a storage class), or an exception
     * naming {@code module.name} when the global is not one a checkpoint needs.
     */
    Object resolve(String module, String name) throws UnsafeCheckpointException;

    /** The allow-list: {@link CheckpointGlobal}s and {@code torch.<X>Storage} classes, nothing else. */
    GlobalResolver CHECKPOINT = (module, name) -> {
        if (module.equals("torch")) {
            var storage = TorchDType.fromStorageClass(name);
            if (storage.isPresent()) {
                return storage.get();
            }
        }
        return CheckpointGlobal.of(module, name).orElseThrow(() -> new UnsafeCheckpointException(module + "." + name));
    };
}
