package org.ditjava.io.torch;

import java.util.Arrays;
import java.util.Optional;
import org.ditjava.io.DType;

/**
 * The element types of PyTorch storages, named by the storage class a checkpoint's pickle refers
 * to ({@code torch.FloatStorage}, {@code torch.HalfStorage}, ...), with the {@link DType} a tensor
 * of that type is read as: float16 and bfloat16 are widened to float32, small integers to int32.
 */
public enum TorchDType {
    FLOAT32("FloatStorage", 4, DType.FLOAT32),
    FLOAT16("HalfStorage", 2, DType.FLOAT32),
    BFLOAT16("BFloat16Storage", 2, DType.FLOAT32),
    FLOAT64("DoubleStorage", 8, DType.FLOAT64),
    INT64("LongStorage", 8, DType.INT64),
    INT32("IntStorage", 4, DType.INT32),
    INT16("ShortStorage", 2, DType.INT32),
    INT8("CharStorage", 1, DType.INT32),
    UINT8("ByteStorage", 1, DType.UINT8),
    BOOL("BoolStorage", 1, DType.BOOL);

    private final String storageClass;
    private final int byteSize;
    private final DType readAs;

    TorchDType(String storageClass, int byteSize, DType readAs) {
        this.storageClass = storageClass;
        this.byteSize = byteSize;
        this.readAs = readAs;
    }

    /** The class name in module {@code torch}, e.g. {@code "HalfStorage"}. */
    public String storageClass() {
        return storageClass;
    }

    /** Bytes per stored element. */
    public int byteSize() {
        return byteSize;
    }

    /** The type {@link TorchCheckpoint#read} returns for a tensor stored as this type. */
    public DType readAs() {
        return readAs;
    }

    /** The type whose storage class in module {@code torch} is {@code name}. */
    static Optional<TorchDType> fromStorageClass(String name) {
        return Arrays.stream(values()).filter(d -> d.storageClass.equals(name)).findFirst();
    }
}
