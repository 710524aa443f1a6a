package org.ditjava.io;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An output can never be an input reached by another name, nor land in a dataset, nor create folders. */
class OutputPathsTest {
    @TempDir
    Path tmp;

    @Test
    void anOutputThatIsAnInputByAnyNameIsRefused() throws IOException {
        Path w = Files.writeString(tmp.resolve("w.safetensors"), "weights");
        Files.createDirectories(tmp.resolve("sub"));
        Path link = Files.createSymbolicLink(tmp.resolve("link.safetensors"), w);
        for (Path out : new Path[] {w, tmp.resolve("sub/../w.safetensors"), link}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> OutputPaths.requireNotInput(out, w, "the weights"));
            assertTrue(e.getMessage().contains("the weights " + w) && e.getMessage().contains("destroy"), e.getMessage());
        }
        Path ckpt = Files.createDirectories(tmp.resolve("ckpt"));
        assertThrows(IllegalArgumentException.class, () -> OutputPaths.requireNotInput(ckpt.resolve("x.npz"), ckpt, "the checkpoint"));
        assertDoesNotThrow(() -> OutputPaths.requireNotInput(tmp.resolve("other.safetensors"), w, "the weights"));
    }

    @Test
    void anOutputInsideTheDatasetIsRefused() throws IOException {
        Path data = Files.createDirectories(tmp.resolve("data/cls"));
        Path alias = Files.createSymbolicLink(tmp.resolve("alias"), tmp.resolve("data"));
        assertThrows(IllegalArgumentException.class, () -> OutputPaths.requireOutside(tmp.resolve("data"), tmp.resolve("data"), "the dataset folder"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> OutputPaths.requireOutside(alias.resolve("latents/new"), data.getParent(), "the dataset folder"));
        assertTrue(e.getMessage().contains("lies inside the dataset folder"), e.getMessage());
        assertDoesNotThrow(() -> OutputPaths.requireOutside(tmp.resolve("latents"), tmp.resolve("data"), "the dataset folder"));
        assertDoesNotThrow(() -> OutputPaths.requireOutside(tmp.resolve("data2"), tmp.resolve("data"), "the dataset folder"));
    }

    @Test
    void aMissingParentFolderIsRefusedNotCreated() {
        Path out = tmp.resolve("nonexistent/dir/x.npz");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OutputPaths.requireParentFolder(out));
        assertTrue(e.getMessage().contains(tmp.resolve("nonexistent/dir") + " of x.npz does not exist"), e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("nonexistent")));
        assertDoesNotThrow(() -> OutputPaths.requireParentFolder(tmp.resolve("x.npz")));
    }
}
