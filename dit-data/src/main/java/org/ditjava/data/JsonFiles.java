package org.ditjava.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ditjava.io.AtomicFile;

/** The JSON files of a shard directory (manifest, extraction progress): pretty-printed, written atomically. */
final class JsonFiles {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private JsonFiles() {
    }

    /** Parses {@code file} as {@code type}; {@code what} names the file in the error ("not a valid WHAT"). */
    static <T> T read(Path file, Class<T> type, String what) throws IOException {
        try {
            T t = GSON.fromJson(Files.readString(file, StandardCharsets.UTF_8), type);
            if (t == null) {
                throw new IOException(file + ": empty, not a " + what);
            }
            return t;
        } catch (JsonParseException | IllegalArgumentException e) {
            throw new IOException(file + ": not a valid " + what + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code value} to {@code file} through a temporary file, fsync and rename. */
    static void write(Path file, Object value) throws IOException {
        try (AtomicFile out = AtomicFile.create(file)) {
            try (Writer w = Files.newBufferedWriter(out.tempPath(), StandardCharsets.UTF_8)) {
                GSON.toJson(value, w);
            }
            out.commit();
        }
    }
}
