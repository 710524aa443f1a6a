package org.ditjava.io.torch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import org.ditjava.io.TensorFileException;
import org.ditjava.io.TensorInfo;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads one {@link TorchTensor} from its storage into a new C-order ND4J array (off-heap), widening
 * float16 / bfloat16 to float32. A contiguous tensor is read in chunks of {@value #CHUNK} bytes
 * straight into the array; a strided one reads the storage span it covers and gathers. Heap use is
 * one chunk, whatever the tensor's size.
 */
final class TensorReader {
    static final int CHUNK = 8 << 20;
    /** The largest array built in one piece (an ND4J buffer is seen through an int-indexed ByteBuffer). */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private TensorReader() {
    }

    static INDArray read(TorchTensor t, StorageData data, Path file, String name) throws IOException {
        TensorInfo info = t.info();
        long n = t.numElements();
        if (n == 0) {
            return Nd4j.create(info.dtype().nd4j(), info.shape());
        }
        if (info.numBytes() > MAX_BYTES) {
            throw new TensorFileException(file, name, info + " is over 2 GiB; too large for one array");
        }
        INDArray arr = Nd4j.createUninitialized(info.dtype().nd4j(), info.shape(), 'c');
        ByteBuffer dst = arr.data().asNio().order(ByteOrder.LITTLE_ENDIAN);
        dst.position(0).limit((int) info.numBytes());
        if (t.isContiguous()) {
            readContiguous(t, data, dst);
        } else {
            readStrided(t, data, dst, file, name);
        }
        Nd4j.getAffinityManager().tagLocation(arr, AffinityManager.Location.HOST);
        return arr;
    }

    private static void readContiguous(TorchTensor t, StorageData data, ByteBuffer dst) throws IOException {
        TorchDType type = t.storage().dtype();
        int esz = type.byteSize();
        long perChunk = CHUNK / esz;
        ByteBuffer chunk = ByteBuffer.allocate((int) (perChunk * esz)).order(ByteOrder.LITTLE_ENDIAN);
        long n = t.numElements();
        for (long done = 0; done < n; done += perChunk) {
            int count = (int) Math.min(perChunk, n - done);
            chunk.clear().limit(count * esz);
            data.read(t.storage(), (t.offset() + done) * esz, chunk);
            convert(chunk.flip(), type, count, dst);
        }
    }

    private static void readStrided(TorchTensor t, StorageData data, ByteBuffer dst, Path file, String name) throws IOException {
        TorchDType type = t.storage().dtype();
        long spanBytes = (t.storageEnd() - t.offset()) * type.byteSize();
        if (spanBytes > MAX_BYTES) {
            throw new TensorFileException(file, name, "a strided view spanning " + spanBytes + " bytes of its storage is too large");
        }
        ByteBuffer span = ByteBuffer.allocateDirect((int) spanBytes).order(ByteOrder.LITTLE_ENDIAN);
        data.read(t.storage(), t.offset() * type.byteSize(), span);
        span.flip();
        long[] shape = t.shape();
        long[] stride = t.stride();
        long[] index = new long[shape.length];
        ByteBuffer one = ByteBuffer.allocate(type.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        long n = t.numElements();
        long src = 0;
        for (long k = 0; k < n; k++) {
            one.clear();
            for (int b = 0; b < type.byteSize(); b++) {
                one.put(span.get((int) (src * type.byteSize()) + b));
            }
            convert(one.flip(), type, 1, dst);
            for (int d = shape.length - 1; d >= 0; d--) {       // odometer over the C-order index
                if (++index[d] < shape[d]) {
                    src += stride[d];
                    break;
                }
                src -= (shape[d] - 1) * stride[d];
                index[d] = 0;
            }
        }
    }

    /** Appends {@code count} elements of {@code type} from {@code src} to {@code dst} in the read-as type. */
    static void convert(ByteBuffer src, TorchDType type, int count, ByteBuffer dst) {
        switch (type) {
            case FLOAT16 -> {
                for (int i = 0; i < count; i++) {
                    dst.putFloat(halfToFloat(src.getShort()));
                }
            }
            case BFLOAT16 -> {
                for (int i = 0; i < count; i++) {
                    dst.putFloat(Float.intBitsToFloat((src.getShort() & 0xFFFF) << 16));
                }
            }
            case INT16 -> {
                for (int i = 0; i < count; i++) {
                    dst.putInt(src.getShort());
                }
            }
            case INT8 -> {
                for (int i = 0; i < count; i++) {
                    dst.putInt(src.get());
                }
            }
            default -> dst.put(src);
        }
    }

    /** IEEE 754 binary16 → binary32, exact (subnormals, infinities and NaN included). */
    static float halfToFloat(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits & 0x8000) << 16;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        if (exp == 0x1F) {
            return Float.intBitsToFloat(sign | 0x7F800000 | (mant << 13));
        }
        if (exp == 0) {
            float v = mant * 0x1p-24f;
            return sign == 0 ? v : -v;
        }
        return Float.intBitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
    }
}
