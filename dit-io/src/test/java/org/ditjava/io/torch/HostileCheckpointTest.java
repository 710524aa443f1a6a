package org.ditjava.io.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ditjava.io.TensorFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pickle that asks for anything but the checkpoint allow-list is refused by name, at the
 * {@code GLOBAL} opcode, before its arguments are read or anything is called or built.
 */
class HostileCheckpointTest {
    @TempDir
    Path dir;

    /** Wraps the allow-list, recording every global asked for and every one it let through. */
    private static final class RecordingResolver implements GlobalResolver {
        final List<String> asked = new ArrayList<>();
        final List<Object> granted = new ArrayList<>();

        @Override
        public Object resolve(String module, String name) throws UnsafeCheckpointException {
            asked.add(module + "." + name);
            Object g = GlobalResolver.CHECKPOINT.resolve(module, name);
            granted.add(g);
            return g;
        }
    }

    @Test
    void hostileFixtureIsRefusedNamingTheGlobal() {
        Path file = Fixtures.pretrained("hostile.pt");
        RecordingResolver resolver = new RecordingResolver();
        UnsafeCheckpointException e = assertThrows(UnsafeCheckpointException.class, () -> TorchCheckpoint.open(file, resolver));
        assertEquals("posix.system", e.global());
        assertTrue(e.getMessage().contains("posix.system") && e.getMessage().contains(file.toString()), e.getMessage());
        assertEquals(List.of("posix.system"), resolver.asked, "the refused name was the first and last one looked up");
        assertTrue(resolver.granted.isEmpty(), "nothing was resolved, so nothing could be called");
        assertThrows(UnsafeCheckpointException.class, () -> TorchCheckpoint.open(file), "the default loader refuses too");
    }

    @Test
    void refusalHappensBeforeTheCallIsReachedEvenAfterAllowedCalls() throws IOException {
        Path canary = dir.resolve("canary");
        byte[] pickle = new PickleWriter().proto()
                .global("collections", "OrderedDict").emptyTuple().reduce()     // an allowed call first
                .str("w").global("posix", "system").str("touch " + canary).op(0x85).reduce()
                .setItem().stop().bytes();
        Path file = dir.resolve("evil.pt");
        CheckpointWriter.writeZip(file, pickle, List.of());
        RecordingResolver resolver = new RecordingResolver();
        UnsafeCheckpointException e = assertThrows(UnsafeCheckpointException.class, () -> TorchCheckpoint.open(file, resolver));
        assertEquals("posix.system", e.global());
        assertEquals(List.of("collections.OrderedDict", "posix.system"), resolver.asked);
        assertEquals(List.of(CheckpointGlobal.ORDERED_DICT), resolver.granted);
        assertFalse(Files.exists(canary), "the command never ran");
    }

    @Test
    void stackGlobalAndLegacyFilesAreRefusedToo() throws IOException {
        byte[] stackGlobal = new PickleWriter().proto().stackGlobal("builtins", "eval").str("1").op(0x85).reduce().stop().bytes();
        Path zip = dir.resolve("stack.pt");
        CheckpointWriter.writeZip(zip, stackGlobal, List.of());
        assertEquals("builtins.eval", assertThrows(UnsafeCheckpointException.class, () -> TorchCheckpoint.open(zip)).global());

        Path legacy = dir.resolve("legacy.pt");
        Files.write(legacy, new PickleWriter().proto().global("subprocess", "Popen").stop().bytes());
        assertEquals("subprocess.Popen", assertThrows(UnsafeCheckpointException.class, () -> TorchCheckpoint.open(legacy)).global());
    }

    @Test
    void opcodesThatNeedArbitraryClassesAreRefused() throws IOException {
        byte[] inst = new PickleWriter().proto().mark().raw("iposix\nsystem\n".getBytes()).stop().bytes();
        Path file = dir.resolve("inst.pt");
        CheckpointWriter.writeZip(file, inst, List.of());
        TensorFileException e = assertThrows(TensorFileException.class, () -> TorchCheckpoint.open(file));
        assertTrue(e.getMessage().contains("not allowed"), e.getMessage());
    }

    @Test
    void allowedGlobalsThatAreNotCallableCannotBeCalled() throws IOException {
        byte[] callStorage = new PickleWriter().proto().global("torch", "FloatStorage").emptyTuple().reduce().stop().bytes();
        Path file = dir.resolve("call.pt");
        CheckpointWriter.writeZip(file, callStorage, List.of());
        TensorFileException e = assertThrows(TensorFileException.class, () -> TorchCheckpoint.open(file));
        assertTrue(e.getMessage().contains("torch.FloatStorage") && e.getMessage().contains("not callable"), e.getMessage());
    }
}
