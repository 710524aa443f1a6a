package org.ditjava.model;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.ditjava.io.TensorFiles;
import org.ditjava.io.TensorSource;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** The two fixed embeddings against pos_embed_t_embed.npz (sizes are read from the keys and shapes). */
class EmbeddingTest {

    @Test
    void sinCosTablesMatchReference() throws IOException {
        try (TensorSource src = TensorFiles.open(Fixtures.model("pos_embed_t_embed.npz"))) {
            List<String> keys = src.names().stream().filter(n -> n.startsWith("pos_embed_")).toList();
            assertFalse(keys.isEmpty());
            for (String key : keys) {
                String[] parts = key.replace(".f64", "").split("_");      // pos_embed_{D}_{G}
                int width = Integer.parseInt(parts[2]);
                int grid = Integer.parseInt(parts[3]);
                INDArray expected = src.read(key);
                INDArray table = PosEmbed.table(width, grid).castTo(expected.dataType());
                double err = Fixtures.maxAbs(table, expected);
                assertTrue(err <= 1e-6, key + ": max |diff| " + err);
            }
        }
    }

    @Test
    void timestepFeaturesMatchReference() throws IOException {
        try (TensorSource src = TensorFiles.open(Fixtures.model("pos_embed_t_embed.npz"))) {
            check(src.read("t_values"), src.read("t_embed_256"));
            check(src.read("t_values"), src.read("t_embed_7"));
            check(src.read("t_values_int"), src.read("t_embed_256_int"));
        }
    }

    /** Builds only the frequency embedding and compares within the README's 1e-4 absolute. */
    private static void check(INDArray t, INDArray expected) {
        int dim = (int) expected.size(1);
        SameDiff sd = SameDiff.create();
        SDVariable tv = sd.placeHolder("t", DataType.FLOAT, -1);
        SDVariable emb = TimestepEmbedder.frequencyEmbedding(sd, tv, dim);
        INDArray got = sd.output(java.util.Map.of("t", t.castTo(DataType.FLOAT)), emb.name()).get(emb.name());
        Fixtures.assertClose("t_embed dim " + dim, got, expected, 1e-4, 0);
    }
}
