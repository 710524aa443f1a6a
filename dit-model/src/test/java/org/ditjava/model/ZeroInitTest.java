package org.ditjava.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Paper §3.2: with adaLN-Zero's official init every block is the identity and the output is exactly 0. */
class ZeroInitTest {

    @Test
    void officialInitGivesIdentityBlocksAndZeroOutput() {
        DiTConfig config = TinyConfigs.tiny(BlockType.ADALN_ZERO);
        DiTModel model = DiTModel.initialized(config, 42, DataType.FLOAT);
        DiTGraph g = model.graph();
        Nd4j.getRandom().setSeed(3);
        INDArray x = Nd4j.randn(DataType.FLOAT, 3, config.inChannels(), config.inputSize(), config.inputSize());
        INDArray t = Nd4j.createFromArray(0L, 500L, 999L);
        INDArray y = Nd4j.createFromArray(0L, 1L, (long) config.nullClass());
        SDVariable[] outs = new SDVariable[config.depth() + 2];
        outs[0] = g.out();
        outs[1] = g.tokens();
        for (int i = 0; i < config.depth(); i++) {
            outs[i + 2] = g.blockOutputs().get(i);
        }
        Map<String, INDArray> v = model.evaluate(x, t, y, outs);
        assertEquals(0.0, v.get(g.out().name()).amaxNumber().doubleValue(), "output must be exactly zero");
        INDArray tokens = v.get(g.tokens().name());
        assertTrue(tokens.amaxNumber().doubleValue() > 0, "tokens must be non-trivial");
        for (int i = 0; i < config.depth(); i++) {
            assertEquals(0.0, Fixtures.maxAbs(v.get(outs[i + 2].name()), tokens), "block " + i + " must be the identity");
        }
    }
}
