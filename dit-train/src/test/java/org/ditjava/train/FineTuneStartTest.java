package org.ditjava.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import org.ditjava.model.BlockType;
import org.ditjava.model.DiTConfig;
import org.ditjava.model.DiTLoadOptions;
import org.ditjava.model.DiTModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Fine-tuning starts from a file's architecture and weights; only class- and size-dependent tensors start fresh. */
class FineTuneStartTest {
    @TempDir
    Path dir;

    private static final DiTConfig SOURCE = new DiTConfig(2, 16, 2, 2, 8, 3, 5, 0.1, true, BlockType.ADALN_ZERO, 2.0);

    private Path saved() throws IOException {
        Map<String, INDArray> w = DiTModel.initialized(SOURCE, 1, DataType.FLOAT).weights();
        w.replaceAll((k, v) -> k.equals("pos_embed") ? v : v.add(Nd4j.randn(DataType.FLOAT, v.shape()).mul(0.1)));
        Path file = dir.resolve("source.safetensors");
        DiTModel.withWeights(SOURCE, w, DataType.FLOAT).save(file);
        return file;
    }

    /** A data-fitted config with another architecture (it is replaced by the file's). */
    private static DiTConfig fitted(int size, int channels, int classes) {
        return new DiTConfig(1, 32, 4, 4, size, channels, classes, 0.1, false, BlockType.ADALN, 4.0);
    }

    @Test
    void sameClassesAndSizeKeepEveryTensor() throws IOException {
        Path file = saved();
        FineTuneStart s = FineTuneStart.from(file, DiTLoadOptions.defaults(), fitted(8, 3, 5), 7);
        assertEquals(SOURCE, s.model());
        assertTrue(s.notes().isEmpty(), s.notes().toString());
        DiTModel original = DiTModel.load(file, DataType.FLOAT);
        original.weights().forEach((k, v) -> assertEquals(v, s.weights().get(k), k));
    }

    @Test
    void anotherClassCountReinitialisesOnlyTheLabelTable() throws IOException {
        Path file = saved();
        FineTuneStart s = FineTuneStart.from(file, DiTLoadOptions.defaults(), fitted(8, 3, 2), 7);
        assertEquals(2, s.model().numClasses());
        assertEquals(SOURCE.depth(), s.model().depth());
        assertEquals(1, s.notes().size(), s.notes().toString());
        assertTrue(s.notes().get(0).contains("label embedding table is re-initialised") && s.notes().get(0).contains("5 classes"),
                s.notes().get(0));
        DiTModel original = DiTModel.load(file, DataType.FLOAT);
        original.weights().forEach((k, v) -> {
            if (k.equals(FineTuneStart.LABEL_TABLE)) {
                assertNotEquals(v.shape()[0], s.weights().get(k).shape()[0]);
            } else {
                assertEquals(v, s.weights().get(k), k);
            }
        });
        DiTModel.withWeights(s.model(), s.weights(), DataType.FLOAT);   // a complete, consistent set
    }

    @Test
    void anotherChannelCountIsRefused() throws IOException {
        Path file = saved();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FineTuneStart.from(file, DiTLoadOptions.defaults(), fitted(8, 1, 5), 7));
        assertTrue(e.getMessage().contains("3-channel") && e.getMessage().contains("1 channels"), e.getMessage());
    }
}
