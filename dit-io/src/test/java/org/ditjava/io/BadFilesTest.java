package org.ditjava.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/** Broken files fail with a message that names the file, the array and the problem. */
class BadFilesTest {
    @TempDir
    Path dir;

    private static void assertFails(Executable read, String... fragments) {
        TensorFileException e = assertThrows(TensorFileException.class, read);
        for (String f : fragments) {
            assertTrue(e.getMessage().contains(f), "'" + f + "' missing from: " + e.getMessage());
        }
    }

    private Path validNpy(String name) throws IOException {
        Path f = dir.resolve(name);
        Npy.write(f, Formula.make(DType.FLOAT32, 4, 5));
        return f;
    }

    @Test
    void npyWrongMagic() throws IOException {
        Path f = dir.resolve("text.npy");
        Files.writeString(f, "hello, this is not numpy");
        assertFails(() -> Npy.read(f), "text.npy", "wrong magic bytes");
    }

    @Test
    void npyTruncatedInTheHeader() throws IOException {
        Path f = validNpy("cut_header.npy");
        Files.write(f, Arrays.copyOf(Files.readAllBytes(f), 30));
        assertFails(() -> Npy.read(f), "cut_header.npy", "truncated", "header");
    }

    @Test
    void npyTruncatedInTheData() throws IOException {
        Path f = validNpy("cut_data.npy");
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 12));
        assertFails(() -> Npy.read(f), "cut_data.npy", "truncated", "80 data bytes", "holds 68");
    }

    @Test
    void npyUnsupportedVersionAndMissingFile() throws IOException {
        Path f = validNpy("v9.npy");
        byte[] b = Files.readAllBytes(f);
        b[6] = 9;
        Files.write(f, b);
        assertFails(() -> Npy.read(f), "v9.npy", "unsupported .npy format version 9.0");
        assertFails(() -> Npy.read(dir.resolve("absent.npy")), "absent.npy", "no such file");
    }

    @Test
    void npzTruncatedArchive() throws IOException {
        Path f = dir.resolve("cut.npz");
        TensorFiles.write(f, Map.of("a", Formula.make(DType.FLOAT64, 50)));
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length / 2));
        assertFails(() -> NpzReader.open(f), "cut.npz", "not a readable .npz (zip) archive");
    }

    @Test
    void npzHeaderDeclaresMoreThanTheEntryHolds() throws IOException {
        Path f = dir.resolve("lies.npz");
        byte[] header = NpyHeader.encode(new TensorInfo(DType.FLOAT32, new long[] {100}));
        try (OutputStream os = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(os)) {
            zip.putNextEntry(new ZipEntry("liar.npy"));
            zip.write(header);
            zip.write(new byte[40]);
            zip.closeEntry();
        }
        try (NpzReader npz = NpzReader.open(f)) {
            assertFails(() -> npz.read("liar"), "lies.npz", "array 'liar'", "declares <f4 (100,) = 400 data bytes", "holds 40");
        }
    }

    @Test
    void npzCorruptDataFailsTheCrc() throws IOException {
        Path f = dir.resolve("flipped.npz");
        TensorFiles.write(f, Map.of("w", Formula.make(DType.UINT8, 256)));
        byte[] b = Files.readAllBytes(f);
        int at = indexOf(b, NpyHeader.MAGIC) + 64 + 100;
        b[at] ^= 0x5a;
        Files.write(f, b);
        try (NpzReader npz = NpzReader.open(f)) {
            assertFails(() -> npz.read("w"), "flipped.npz", "array 'w'", "CRC-32 mismatch");
        }
    }

    @Test
    void npzUnknownArrayListsTheKnownOnes() throws IOException {
        Path f = dir.resolve("names.npz");
        TensorFiles.write(f, Map.of("alpha", Formula.make(DType.INT64, 2)));
        try (NpzReader npz = NpzReader.open(f)) {
            assertFails(() -> npz.read("beta"), "names.npz", "array 'beta'", "no such array", "alpha");
        }
    }

    @Test
    void safetensorsTruncated() throws IOException {
        Path f = dir.resolve("cut.safetensors");
        TensorFiles.write(f, Map.of("weight", Formula.make(DType.FLOAT32, 8, 8)));
        byte[] b = Files.readAllBytes(f);
        Files.write(f, Arrays.copyOf(b, b.length - 20));
        assertFails(() -> SafetensorsReader.open(f), "cut.safetensors", "array 'weight'", "outside");
        Files.write(f, Arrays.copyOf(b, 5));
        assertFails(() -> SafetensorsReader.open(f), "cut.safetensors", "truncated");
    }

    @Test
    void safetensorsHeaderProblems() throws IOException {
        assertFails(() -> SafetensorsReader.open(withHeader("garbage.safetensors", "{not json", 0)),
                "garbage.safetensors", "not valid JSON");
        assertFails(() -> SafetensorsReader.open(withHeader("f16.safetensors",
                "{\"h\":{\"dtype\":\"F16\",\"shape\":[2],\"data_offsets\":[0,4]}}", 4)),
                "f16.safetensors", "array 'h'", "unsupported dtype 'F16'", "F32");
        assertFails(() -> SafetensorsReader.open(withHeader("size.safetensors",
                "{\"s\":{\"dtype\":\"F32\",\"shape\":[3],\"data_offsets\":[0,8]}}", 8)),
                "size.safetensors", "array 's'", "span 8 bytes", "needs 12");
        assertFails(() -> SafetensorsReader.open(withHeader("overlap.safetensors",
                "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                        + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", 12)),
                "overlap.safetensors", "array 'b'", "overlaps 'a'");
        Path f = dir.resolve("huge_header.safetensors");
        Files.write(f, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
        assertFails(() -> SafetensorsReader.open(f), "huge_header.safetensors", "header length");
    }

    private Path withHeader(String name, String json, int dataBytes) throws IOException {
        byte[] h = json.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h);
        Path f = dir.resolve(name);
        Files.write(f, b.array());
        return f;
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError("pattern not found");
    }
}
