package org.ditjava.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** write → read gives back every dtype and shape, in every format. */
class RoundTripTest {
    private static final List<long[]> SHAPES = List.of(new long[] {}, new long[] {0}, new long[] {5}, new long[] {2, 3, 4, 5});

    @TempDir
    Path dir;

    private static Map<String, INDArray> arraysOf(DType type) {
        Map<String, INDArray> m = new LinkedHashMap<>();
        for (long[] shape : SHAPES) {
            m.put(type.name().toLowerCase() + "_rank" + shape.length + (shape.length == 1 && shape[0] == 0 ? "_empty" : ""),
                    Formula.make(type, shape));
        }
        return m;
    }

    private static void assertSame(Map<String, INDArray> expected, TensorSource in) throws IOException {
        assertEquals(List.copyOf(expected.keySet()), in.names());
        for (Map.Entry<String, INDArray> e : expected.entrySet()) {
            INDArray got = in.read(e.getKey());
            assertEquals(e.getValue().dataType(), got.dataType(), e.getKey());
            assertArrayEquals(e.getValue().shape(), got.shape(), e.getKey());
            assertEquals(HostArrays.infoOf(e.getValue()), in.info(e.getKey()));
            Formula.check(got, DType.of(got.dataType()), e.getValue().shape());
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void npzStoredAndDeflated(DType type) throws IOException {
        Map<String, INDArray> arrays = arraysOf(type);
        for (NpzWriter.Compression c : NpzWriter.Compression.values()) {
            Path f = dir.resolve(type + "_" + c + ".npz");
            try (NpzWriter w = NpzWriter.create(f, c)) {
                for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                    w.write(e.getKey(), e.getValue());
                }
                w.commit();
            }
            try (NpzReader in = NpzReader.open(f)) {
                assertSame(arrays, in);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void safetensors(DType type) throws IOException {
        Map<String, INDArray> arrays = arraysOf(type);
        Path f = dir.resolve(type + ".safetensors");
        SafetensorsWriter.write(f, arrays, Map.of("format", "pt", "note", "round trip"));
        try (SafetensorsReader in = SafetensorsReader.open(f)) {
            assertSame(arrays, in);
            assertEquals(Map.of("format", "pt", "note", "round trip"), in.metadata());
            assertEquals(0, (Files.size(f) - 8 - dataBytes(arrays)) % 8, "header padded to 8 bytes");
        }
    }

    private static long dataBytes(Map<String, INDArray> arrays) {
        return arrays.values().stream().mapToLong(a -> HostArrays.infoOf(a).numBytes()).sum();
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void npy(DType type) throws IOException {
        for (Map.Entry<String, INDArray> e : arraysOf(type).entrySet()) {
            Path f = dir.resolve(e.getKey() + ".npy");
            Npy.write(f, e.getValue());
            Formula.check(Npy.read(f), type, e.getValue().shape());
        }
    }

    @Test
    void viewsAndFortranArraysAreWrittenInLogicalOrder() throws IOException {
        INDArray base = Formula.make(DType.FLOAT64, 4, 6);
        INDArray fortran = base.dup('f');
        INDArray view = base.get(NDArrayIndex.interval(1, 3), NDArrayIndex.interval(2, 5));
        Path f = dir.resolve("views.npz");
        try (NpzWriter w = NpzWriter.create(f, NpzWriter.Compression.STORED)) {
            w.write("fortran", fortran).write("view", view).write("transposed", base.transpose());
            w.commit();
        }
        try (NpzReader in = NpzReader.open(f)) {
            assertEquals(base, in.read("fortran"));
            assertEquals(view, in.read("view"));
            assertEquals(base.transpose(), in.read("transposed"));
        }
    }

    @Test
    void streamedChunksEqualWholeWrite() throws IOException {
        INDArray all = Formula.make(DType.UINT8, 10, 4, 4, 3);
        Path f = dir.resolve("streamed.npz");
        try (NpzWriter w = NpzWriter.create(f, NpzWriter.Compression.DEFLATED)) {
            ArrayOutput out = w.begin("arr_0", HostArrays.infoOf(all));
            for (int r = 0; r < 10; r += 3) {
                out.write(all.get(NDArrayIndex.interval(r, Math.min(r + 3, 10))));
            }
            w.write("labels", Nd4j.createFromArray(new long[] {1, 2, 3}));
            w.commit();
        }
        try (NpzReader in = NpzReader.open(f)) {
            assertEquals(all, in.read("arr_0"));
            assertEquals(Nd4j.createFromArray(new long[] {1, 2, 3}), in.read("labels"));
        }
    }

    @Test
    void npzEntriesCarryAFixedTimeSoEqualArraysGiveEqualBytes() throws IOException {
        Path a = dir.resolve("a.npz");
        TensorFiles.write(a, arraysOf(DType.INT32));
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(a.toFile())) {
            assertEquals(java.time.LocalDateTime.of(1980, 1, 1, 0, 0), zip.getEntry("int32_rank1.npy").getTimeLocal());
        }
        Path b = dir.resolve("b.npz");
        TensorFiles.write(b, arraysOf(DType.INT32));
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
    }

    @Test
    void tensorFilesPicksTheFormatFromTheName() throws IOException {
        Map<String, INDArray> arrays = arraysOf(DType.FLOAT32);
        for (String name : List.of("w.npz", "w.safetensors")) {
            Path f = dir.resolve(name);
            TensorFiles.write(f, arrays);
            try (TensorSource in = TensorFiles.open(f)) {
                assertSame(arrays, in);
            }
        }
        TensorFileException e = assertThrows(TensorFileException.class, () -> TensorFiles.open(dir.resolve("w.h5")));
        assertTrue(e.getMessage().contains("w.h5") && e.getMessage().contains(".npz, .safetensors, .pt or .pth"), e.getMessage());
        TensorFileException pt = assertThrows(TensorFileException.class, () -> TensorFiles.write(dir.resolve("w.pt"), arrays));
        assertTrue(pt.getMessage().contains("read, not written"), pt.getMessage());
    }

    @Test
    void nothingIsLeftWhenAWriteIsAbandoned() throws IOException {
        Path f = dir.resolve("abandoned.npz");
        try (NpzWriter w = NpzWriter.create(f, NpzWriter.Compression.STORED)) {
            w.write("a", Formula.make(DType.FLOAT32, 3));
            w.begin("b", new TensorInfo(DType.FLOAT32, new long[] {4})).write(Formula.make(DType.FLOAT32, 2));
            TensorFileException e = assertThrows(TensorFileException.class, w::commit);
            assertTrue(e.getMessage().contains("array 'b'") && e.getMessage().contains("incomplete"), e.getMessage());
        }
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(List.of(), left.toList(), "no output and no temporary file");
        }
    }

    @Test
    void anExistingFileSurvivesAFailedRewrite() throws IOException {
        Path f = dir.resolve("keep.npy");
        Npy.write(f, Formula.make(DType.INT32, 3));
        try (Npy.Writer w = Npy.create(f, new TensorInfo(DType.INT32, new long[] {3}))) {
            w.data().write(Formula.make(DType.INT32, 1));
            assertThrows(TensorFileException.class, w::commit);
        }
        Formula.check(Npy.read(f), DType.INT32, 3);
        try (Stream<Path> left = Files.list(dir)) {
            assertEquals(1, left.count());
        }
    }
}
