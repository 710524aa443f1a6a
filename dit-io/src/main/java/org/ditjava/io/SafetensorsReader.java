package org.ditjava.io;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reads {@code .safetensors} files (the format of Hugging Face / PyTorch checkpoints): an 8-byte
 * little-endian header length, a JSON header mapping each name to its dtype, shape and data
 * offsets (plus an optional {@code __metadata__} string map), then raw little-endian data.
 * The whole header is validated on open: every tensor's offsets must lie inside the file and span
 * exactly its shape's bytes, and tensors must not overlap.
 */
public final class SafetensorsReader implements TensorSource {
    static final String METADATA = "__metadata__";
    private static final long MAX_HEADER = 100L << 20;

    private record Entry(TensorInfo info, long begin, long end) {
    }

    private final Path file;
    private final FileChannel channel;
    private final long dataStart;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;

    private SafetensorsReader(Path file, FileChannel channel, long dataStart, Map<String, Entry> entries,
                              Map<String, String> metadata) {
        this.file = file;
        this.channel = channel;
        this.dataStart = dataStart;
        this.entries = entries;
        this.metadata = metadata;
    }

    /** Opens and validates a file. */
    public static SafetensorsReader open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new TensorFileException(file, null, Files.exists(file) ? "not a regular file" : "no such file");
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        try {
            long size = ch.size();
            if (size < 8) {
                throw new TensorFileException(file, null, "truncated: " + size + " bytes, not even the 8-byte header length");
            }
            long headerLength = readBuffer(ch, 0, 8, file).order(ByteOrder.LITTLE_ENDIAN).getLong();
            if (headerLength < 2 || headerLength > MAX_HEADER || 8 + headerLength > size) {
                throw new TensorFileException(file, null, "not a safetensors file or truncated: header length "
                        + Long.toUnsignedString(headerLength) + " does not fit a file of " + size + " bytes");
            }
            String json = StandardCharsets.UTF_8.decode(readBuffer(ch, 8, (int) headerLength, file)).toString();
            long dataStart = 8 + headerLength;
            JsonObject root = parse(json, file);
            Map<String, String> metadata = metadataOf(root, file);
            Map<String, Entry> entries = entriesOf(root, file, size - dataStart);
            return new SafetensorsReader(file, ch, dataStart, entries, metadata);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public List<String> names() {
        return new ArrayList<>(entries.keySet());
    }

    @Override
    public boolean contains(String name) {
        return entries.containsKey(name);
    }

    /** The {@code __metadata__} string map (empty when absent). */
    public Map<String, String> metadata() {
        return metadata;
    }

    @Override
    public TensorInfo info(String name) throws IOException {
        return entry(name).info();
    }

    @Override
    public INDArray read(String name) throws IOException {
        Entry e = entry(name);
        long n = e.end - e.begin;
        if (n > HostArrays.MAX_BYTES) {
            throw new TensorFileException(file, name, e.info + " is over 2 GiB; too large for one array");
        }
        ByteBuffer data = readBuffer(channel, dataStart + e.begin, (int) n, file);
        return HostArrays.toNd4j(e.info, false, data);
    }

    private Entry entry(String name) throws TensorFileException {
        Entry e = entries.get(name);
        if (e == null) {
            throw noSuchArray(name);
        }
        return e;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static JsonObject parse(String json, Path file) throws TensorFileException {
        try {
            JsonElement root = JsonParser.parseString(json);
            if (!root.isJsonObject()) {
                throw new TensorFileException(file, null, "the header is not a JSON object");
            }
            return root.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new TensorFileException(file, null, "the header is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> metadataOf(JsonObject root, Path file) throws TensorFileException {
        JsonElement m = root.get(METADATA);
        if (m == null || m.isJsonNull()) {
            return Map.of();
        }
        if (!m.isJsonObject()) {
            throw new TensorFileException(file, null, "__metadata__ must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> kv : m.getAsJsonObject().entrySet()) {
            out.put(kv.getKey(), kv.getValue().isJsonPrimitive() ? kv.getValue().getAsString() : kv.getValue().toString());
        }
        return Collections.unmodifiableMap(out);
    }

    private static Map<String, Entry> entriesOf(JsonObject root, Path file, long dataBytes) throws TensorFileException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> kv : root.entrySet()) {
            if (!kv.getKey().equals(METADATA)) {
                entries.put(kv.getKey(), entryOf(kv.getKey(), kv.getValue(), file, dataBytes));
            }
        }
        List<Map.Entry<String, Entry>> sorted = new ArrayList<>(entries.entrySet());
        sorted.sort(Map.Entry.comparingByValue((a, b) -> Long.compare(a.begin, b.begin)));
        for (int i = 1; i < sorted.size(); i++) {
            Entry prev = sorted.get(i - 1).getValue();
            if (sorted.get(i).getValue().begin < prev.end) {
                throw new TensorFileException(file, sorted.get(i).getKey(), "data overlaps '" + sorted.get(i - 1).getKey() + "'");
            }
        }
        return entries;
    }

    private static Entry entryOf(String name, JsonElement el, Path file, long dataBytes) throws TensorFileException {
        try {
            JsonObject o = el.getAsJsonObject();
            String dt = o.get("dtype").getAsString();
            DType dtype = DType.fromSafetensors(dt).orElseThrow(() -> new TensorFileException(file, name,
                    "unsupported dtype '" + dt + "' (supported: " + DType.supportedSafetensors() + ")"));
            JsonArray sh = o.getAsJsonArray("shape");
            long[] shape = new long[sh.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = sh.get(i).getAsLong();
            }
            TensorInfo info = new TensorInfo(dtype, shape);
            JsonArray off = o.getAsJsonArray("data_offsets");
            long begin = off.get(0).getAsLong();
            long end = off.get(1).getAsLong();
            if (begin < 0 || end < begin || end > dataBytes) {
                throw new TensorFileException(file, name, "data_offsets [" + begin + ", " + end
                        + "] lie outside the " + dataBytes + " data bytes (truncated file?)");
            }
            if (end - begin != info.numBytes()) {
                throw new TensorFileException(file, name, "data_offsets span " + (end - begin) + " bytes but "
                        + info + " needs " + info.numBytes());
            }
            return new Entry(info, begin, end);
        } catch (IllegalStateException | NullPointerException | IndexOutOfBoundsException
                 | UnsupportedOperationException | NumberFormatException | ClassCastException e) {
            throw new TensorFileException(file, name, "malformed header entry " + el + ": " + e, e);
        } catch (IllegalArgumentException e) {
            throw new TensorFileException(file, name, e.getMessage(), e);
        }
    }

    private static ByteBuffer readBuffer(FileChannel ch, long position, int length, Path file) throws IOException {
        ByteBuffer buf = ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN);
        long pos = position;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos);
            if (n < 0) {
                throw new TensorFileException(file, null, "truncated at byte " + pos);
            }
            pos += n;
        }
        return buf.flip();
    }
}
