package org.ditjava.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.ditjava.diffusion.GuidedChannels;
import org.ditjava.io.TensorFiles;
import org.ditjava.io.TensorSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The file-driven forward pass on the parity fixture (weights and inputs in one file). */
class ForwardFilesTest {
    @TempDir
    Path dir;

    @Test
    void reproducesTheFixtureOutputs() throws IOException {
        Path file = Fixtures.parityFile();
        DiTConfig config = ForwardFiles.resolveConfig(file, file, Optional.empty());
        Map<String, INDArray> out = ForwardFiles.run(file, file, config, GuidedChannels.FIRST_THREE);
        try (TensorSource src = TensorFiles.open(file)) {
            for (String key : out.keySet()) {
                Fixtures.assertClose(key, out.get(key), src.read(key), 2e-4, 1e-4);
            }
        }
        assertEquals(2, out.size());
    }

    @Test
    void disagreeingConfigsAreAnError() throws IOException {
        DiTConfig tiny = TinyConfigs.tiny(BlockType.ADALN_ZERO);
        Path weights = dir.resolve("w.npz");
        DiTModel.initialized(tiny, 0, org.nd4j.linalg.api.buffer.DataType.FLOAT).save(weights);
        IOException e = assertThrows(IOException.class,
                () -> ForwardFiles.resolveConfig(weights, Fixtures.parityFile(), Optional.empty()));
        assertTrue(e.getMessage().contains("says"), e.getMessage());
    }
}
