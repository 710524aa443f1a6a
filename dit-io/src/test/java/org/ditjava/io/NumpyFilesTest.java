package org.ditjava.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Files written by NumPy itself (src/test/python/make_numpy_files.py) read exactly. */
class NumpyFilesTest {

    static Path resource(String name) {
        try {
            return Path.of(NumpyFilesTest.class.getResource("/numpy/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stored.npz", "deflated.npz"})
    void npzArchivesReadExactly(String file) throws IOException {
        try (NpzReader npz = NpzReader.open(resource(file))) {
            assertEquals(List.of("f4", "f8", "i8", "i4", "u1", "b1", "scalar_f8", "empty_f4", "fortran_f4"), npz.names());
            Formula.check(npz.read("f4"), DType.FLOAT32, 2, 3, 4);
            Formula.check(npz.read("f8"), DType.FLOAT64, 7);
            Formula.check(npz.read("i8"), DType.INT64, 3, 5);
            Formula.check(npz.read("i4"), DType.INT32, 2, 2, 2, 2);
            Formula.check(npz.read("u1"), DType.UINT8, 4, 6, 6, 3);
            Formula.check(npz.read("b1"), DType.BOOL, 10);
            Formula.check(npz.read("scalar_f8"), DType.FLOAT64);
            Formula.check(npz.read("empty_f4"), DType.FLOAT32, 0, 3);
            assertTrue(npz.header("fortran_f4").fortranOrder());
            INDArray f = npz.read("fortran_f4");
            assertEquals('c', f.ordering());
            Formula.check(f, DType.FLOAT32, 3, 4);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"f4_v1.npy", "f4_v2.npy", "f4_v3.npy"})
    void everyFormatVersionReads(String file) throws IOException {
        Formula.check(Npy.read(resource(file)), DType.FLOAT32, 2, 3, 4);
    }

    @Test
    void fortranOrderNpy() throws IOException {
        assertTrue(Npy.header(resource("fortran_f8.npy")).fortranOrder());
        Formula.check(Npy.read(resource("fortran_f8.npy")), DType.FLOAT64, 2, 3, 4);
    }

    @Test
    void rowsStreamEqualsWholeRead() throws IOException {
        try (NpzReader npz = NpzReader.open(resource("deflated.npz"));
             ArrayInput in = npz.stream("u1")) {
            INDArray whole = npz.read("u1");
            INDArray first = in.readRows(1);
            INDArray rest = in.readRows(3);
            assertEquals(0, in.remainingBytes());
            assertEquals(whole.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1)), first);
            assertEquals(whole.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 4)), rest);
        }
    }

    @Test
    void unsupportedNumpyTypesAreNamed() {
        TensorFileException be = assertThrows(TensorFileException.class, () -> Npy.read(resource("big_endian_f4.npy")));
        assertTrue(be.getMessage().contains("big_endian_f4.npy") && be.getMessage().contains("big-endian dtype '>f4'"), be.getMessage());
        TensorFileException cx = assertThrows(TensorFileException.class, () -> Npy.read(resource("complex64.npy")));
        assertTrue(cx.getMessage().contains("complex64.npy") && cx.getMessage().contains("unsupported dtype '<c8'")
                && cx.getMessage().contains("<f4"), cx.getMessage());
        assertFalse(cx.getMessage().contains("Exception"), cx.getMessage());
    }
}
