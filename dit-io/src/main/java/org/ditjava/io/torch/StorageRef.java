package org.ditjava.io.torch;

/**
 * One storage a checkpoint's pickle refers to through {@code persistent_load}: the tuple
 * {@code ('storage', torch.XStorage, key, location, numel)} that {@code torch.save} writes.
 * The data stays in the file until a tensor over it is read.
 *
 * @param key      the storage key (zip entry {@code data/<key>}, or the legacy format's key)
 * @param dtype    element type
 * @param location device string ({@code "cpu"}, {@code "cuda:0"}); data is always read to the host
 * @param numel    number of elements the pickle says the storage holds
 */
public record StorageRef(String key, TorchDType dtype, String location, long numel) {

    /** Size of the storage in bytes. */
    public long numBytes() {
        return Math.multiplyExact(numel, dtype.byteSize());
    }
}
