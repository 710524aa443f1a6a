package org.ditjava.train;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A parts folder that cannot be made is reported with what and why, not just a path. */
class SamplePartsErrorTest {
    @TempDir
    Path tmp;

    @Test
    void anUnwritablePartsFolderIsNamedWithItsReason() throws IOException {
        Path blocker = Files.writeString(tmp.resolve("file"), "a file where a folder should be");
        Path npz = blocker.resolve("x.npz");
        SampleParts parts = new SampleParts(npz);
        IOException e = assertThrows(IOException.class, () -> parts.open(new SampleParts.Plan("m", "ddpm", 4.0, "all", 0, 1, 1, 0)));
        String want = "cannot write " + npz.resolveSibling("x.npz.parts") + ": ";
        assertTrue(e.getMessage().startsWith(want) && e.getMessage().length() > want.length() + 3, e.getMessage());
    }
}
