package org.ditjava.io.torch;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.ditjava.io.TensorFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Truncated, wrong-magic and size-mismatched checkpoints fail on open with a message naming the file and the problem. */
class BrokenCheckpointTest {
    @TempDir
    Path dir;

    private static TensorFileException failure(Path file) {
        TensorFileException e = assertThrows(TensorFileException.class, () -> TorchCheckpoint.open(file));
        assertTrue(e.getMessage().startsWith(file.toString()), e.getMessage());
        return e;
    }

    private static void assertMentions(TensorFileException e, String... words) {
        for (String w : words) {
            assertTrue(e.getMessage().contains(w), "'" + w + "' in: " + e.getMessage());
        }
    }

    private Path cut(String fixture, double fraction) throws IOException {
        byte[] all = Files.readAllBytes(Fixtures.pretrained(fixture));
        Path out = dir.resolve("cut-" + fixture);
        Files.write(out, Arrays.copyOf(all, (int) (all.length * fraction)));
        return out;
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.999})
    void truncatedZipCheckpoint(double fraction) throws IOException {
        assertMentions(failure(cut("dit_state_dict.pt", fraction)), "truncated");
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.001, 0.5, 0.999})
    void truncatedLegacyCheckpoint(double fraction) throws IOException {
        assertMentions(failure(cut("dit_legacy.pt", fraction)), "truncated");
    }

    @Test
    void emptyFile() throws IOException {
        Path f = Files.write(dir.resolve("empty.pt"), new byte[0]);
        assertMentions(failure(f), "not a PyTorch checkpoint");
    }

    @Test
    void wrongLegacyMagicNumber() throws IOException {
        byte[] all = Files.readAllBytes(Fixtures.pretrained("dit_legacy.pt"));
        all[6] ^= 0x5A;                      // inside the LONG1 magic of the first pickle
        Path f = Files.write(dir.resolve("magic.pt"), all);
        assertMentions(failure(f), "not a PyTorch checkpoint", "magic");
    }

    @Test
    void neitherZipNorPickle() throws IOException {
        byte[] all = Files.readAllBytes(Fixtures.pretrained("dit_state_dict.pt"));
        all[0] = 'X';
        all[1] = 'Y';
        Path f = Files.write(dir.resolve("garbled.pt"), all);
        assertMentions(failure(f), "not a PyTorch checkpoint");
    }

    @Test
    void zipWithoutAPickle() throws IOException {
        Path f = dir.resolve("arrays.pt");
        try (var w = org.ditjava.io.NpzWriter.create(dir.resolve("arrays.npz"), org.ditjava.io.NpzWriter.Compression.STORED)) {
            w.write("a", org.nd4j.linalg.factory.Nd4j.createFromArray(1f, 2f));
            w.commit();
        }
        Files.move(dir.resolve("arrays.npz"), f);
        assertMentions(failure(f), "data.pkl");
    }

    @Test
    void tensorNeedsMoreElementsThanItsStorageHolds() throws IOException {
        var s = new CheckpointWriter.Storage("0", TorchDType.FLOAT32, 4, out -> out.write(new byte[16]));
        var t = new CheckpointWriter.Tensor("w", s, 1, new long[] {2, 2}, new long[] {2, 1});
        Path zip = dir.resolve("short.pt");
        CheckpointWriter.writeZip(zip, List.of(t));
        assertMentions(failure(zip), "storage size mismatch", "'w'", "need 5 elements", "holds 4");
        Path legacy = dir.resolve("short-legacy.pt");
        CheckpointWriter.writeLegacy(legacy, List.of(t));
        assertMentions(failure(legacy), "storage size mismatch", "'w'");
    }

    @Test
    void storageEntrySmallerThanThePickleSays() throws IOException {
        var s = new CheckpointWriter.Storage("0", TorchDType.FLOAT32, 8, out -> out.write(new byte[20]));
        var t = new CheckpointWriter.Tensor("w", s, 0, new long[] {4}, new long[] {1});
        Path zip = dir.resolve("entry.pt");
        CheckpointWriter.writeZip(zip, List.of(t));
        assertMentions(failure(zip), "storage size mismatch", "storage '0'", "32 bytes", "20 bytes");
    }
}
