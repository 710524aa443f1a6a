package org.ditjava.io.torch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.List;
import org.ditjava.io.DType;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Offsets, strides, shared storages and every element type, in both containers: tensors over
 * storages whose element k has a known value, read back and compared element by element with the
 * value at {@code offset + Σ index·stride}.
 */
class StorageLayoutTest {
    @TempDir
    Path dir;

    enum Container { ZIP, LEGACY }

    private static final int N = 40;

    /** Element k of every storage: k/4 - 3 (exact in every float type), or k - 7 for integers, k % 2 for bool. */
    private static double valueAt(TorchDType type, long k) {
        return switch (type) {
            case FLOAT32, FLOAT16, BFLOAT16, FLOAT64 -> k / 4.0 - 3;
            case BOOL -> k % 2;
            case UINT8 -> k;
            default -> k - 7;
        };
    }

    private static CheckpointWriter.Storage storage(String key, TorchDType type) {
        ByteBuffer b = ByteBuffer.allocate(N * type.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        for (int k = 0; k < N; k++) {
            double v = valueAt(type, k);
            switch (type) {
                case FLOAT32 -> b.putFloat((float) v);
                case FLOAT64 -> b.putDouble(v);
                case FLOAT16 -> b.putShort(Float16Bits.of((float) v));
                case BFLOAT16 -> b.putShort((short) (Float.floatToIntBits((float) v) >>> 16));
                case INT64 -> b.putLong((long) v);
                case INT32 -> b.putInt((int) v);
                case INT16 -> b.putShort((short) v);
                default -> b.put((byte) v);
            }
        }
        return new CheckpointWriter.Storage(key, type, N, out -> out.write(b.array()));
    }

    private static List<CheckpointWriter.Tensor> tensorsOver(CheckpointWriter.Storage s) {
        String p = s.dtype().name().toLowerCase() + ".";
        return List.of(
                new CheckpointWriter.Tensor(p + "matrix", s, 0, new long[] {2, 3}, new long[] {3, 1}),
                new CheckpointWriter.Tensor(p + "transposed", s, 0, new long[] {3, 2}, new long[] {1, 3}),
                new CheckpointWriter.Tensor(p + "offset", s, 6, new long[] {4}, new long[] {1}),
                new CheckpointWriter.Tensor(p + "strided", s, 13, new long[] {2, 2, 3}, new long[] {9, 1, 4}),
                new CheckpointWriter.Tensor(p + "broadcast", s, 5, new long[] {3, 2}, new long[] {0, 1}),
                new CheckpointWriter.Tensor(p + "scalar", s, 39, new long[] {}, new long[] {}),
                new CheckpointWriter.Tensor(p + "empty", s, 2, new long[] {0, 5}, new long[] {5, 1}));
    }

    @ParameterizedTest
    @EnumSource(Container.class)
    void everyViewOfEveryTypeReadsTheRightElements(Container container) throws IOException {
        List<CheckpointWriter.Tensor> tensors = new java.util.ArrayList<>();
        for (TorchDType type : TorchDType.values()) {
            tensors.addAll(tensorsOver(storage("s" + type.ordinal(), type)));
        }
        Path file = dir.resolve("layouts.pt");
        if (container == Container.ZIP) {
            CheckpointWriter.writeZip(file, tensors);
        } else {
            CheckpointWriter.writeLegacy(file, tensors);
        }
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(file)) {
            assertEquals(tensors.stream().map(CheckpointWriter.Tensor::name).toList(), ckpt.names());
            for (CheckpointWriter.Tensor t : tensors) {
                checkTensor(ckpt, t);
            }
            String f = TorchDType.FLOAT32.name().toLowerCase();
            assertSame(ckpt.tensor(f + ".matrix").storage(), ckpt.tensor(f + ".transposed").storage(), "shared storage, one ref");
        }
    }

    private static void checkTensor(TorchCheckpoint ckpt, CheckpointWriter.Tensor t) throws IOException {
        TorchDType type = t.storage().dtype();
        INDArray a = ckpt.read(t.name());
        DType readAs = type.readAs();
        assertEquals(readAs.nd4j(), a.dataType(), t.name());
        assertArrayEquals(t.shape(), a.shape(), t.name());
        double[] got = a.length() == 0 ? new double[0] : a.castTo(org.nd4j.linalg.api.buffer.DataType.DOUBLE).data().asDouble();
        long[] shape = t.shape();
        long[] index = new long[shape.length];
        for (int k = 0; k < got.length; k++) {
            long src = t.offset();
            for (int d = 0; d < shape.length; d++) {
                src += index[d] * t.stride()[d];
            }
            assertEquals(valueAt(type, src), got[k], 0.0, t.name() + " element " + k);
            for (int d = shape.length - 1; d >= 0 && ++index[d] == shape[d]; d--) {
                index[d] = 0;
            }
        }
    }
}
