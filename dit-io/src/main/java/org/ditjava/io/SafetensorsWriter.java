package org.ditjava.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Writes {@code .safetensors} files that the Python {@code safetensors} library loads: header
 * padded with spaces to an 8-byte boundary, tensors in the given order, data streamed from each
 * array in turn, and the file moved into place atomically.
 */
public final class SafetensorsWriter {
    private SafetensorsWriter() {
    }

    /** Writes {@code tensors} (iteration order kept) with an optional string metadata map. */
    public static void write(Path file, Map<String, INDArray> tensors, Map<String, String> metadata) throws IOException {
        JsonObject header = new JsonObject();
        if (!metadata.isEmpty()) {
            JsonObject m = new JsonObject();
            metadata.forEach(m::addProperty);
            header.add(SafetensorsReader.METADATA, m);
        }
        long offset = 0;
        for (Map.Entry<String, INDArray> kv : tensors.entrySet()) {
            if (kv.getKey().equals(SafetensorsReader.METADATA)) {
                throw new TensorFileException(file, kv.getKey(), "reserved name");
            }
            TensorInfo info = HostArrays.infoOf(kv.getValue());
            header.add(kv.getKey(), entry(info, offset));
            offset += info.numBytes();
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) {
            head.put((byte) ' ');
        }
        try (AtomicFile target = AtomicFile.create(file);
             FileChannel ch = FileChannel.open(target.tempPath(), StandardOpenOption.WRITE)) {
            writeFully(ch, head.flip());
            for (Map.Entry<String, INDArray> kv : tensors.entrySet()) {
                writeFully(ch, HostArrays.bytesOf(kv.getValue()));
            }
            target.commit();                                  // fsyncs, then renames
        }
    }

    private static JsonObject entry(TensorInfo info, long offset) {
        JsonObject o = new JsonObject();
        o.addProperty("dtype", info.dtype().safetensorsName());
        JsonArray shape = new JsonArray();
        for (long d : info.shape()) {
            shape.add(d);
        }
        o.add("shape", shape);
        JsonArray off = new JsonArray();
        off.add(offset);
        off.add(offset + info.numBytes());
        o.add("data_offsets", off);
        return o;
    }

    private static void writeFully(FileChannel ch, ByteBuffer b) throws IOException {
        while (b.hasRemaining()) {
            ch.write(b);
        }
    }
}
