package org.ditjava.train;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.TypeAdapter;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ditjava.io.AtomicFile;

/** The one Gson set-up of this module (records, paths as strings, NaN allowed), with atomic writes. */
public final class Json {
    /** Pretty-printing Gson that reads and writes this module's records. */
    public static final Gson GSON = new GsonBuilder()
            .setPrettyPrinting()
            .serializeSpecialFloatingPointValues()
            .registerTypeHierarchyAdapter(Path.class, new PathAdapter())
            .create();

    private Json() {
    }

    /** Writes {@code value} as JSON to {@code file}, atomically (temp file, fsync, rename). */
    public static void write(Path file, Object value) throws IOException {
        try (AtomicFile target = AtomicFile.create(file)) {
            try (Writer w = Files.newBufferedWriter(target.tempPath(), StandardCharsets.UTF_8)) {
                GSON.toJson(value, w);
                w.write('\n');
            }
            target.commit();
        }
    }

    /** Reads {@code file} as a {@code type}. */
    public static <T> T read(Path file, Class<T> type) throws IOException {
        try {
            T value = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), type);
            if (value == null) {
                throw new IOException(file + ": empty JSON");
            }
            return value;
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a valid " + type.getSimpleName() + " (" + e.getMessage() + ")", e);
        }
    }

    private static final class PathAdapter extends TypeAdapter<Path> {
        @Override
        public void write(JsonWriter out, Path value) throws IOException {
            if (value == null) {
                out.nullValue();
            } else {
                out.value(value.toString());
            }
        }

        @Override
        public Path read(JsonReader in) throws IOException {
            if (in.peek() == JsonToken.NULL) {
                in.nextNull();
                return null;
            }
            return Path.of(in.nextString());
        }
    }
}
