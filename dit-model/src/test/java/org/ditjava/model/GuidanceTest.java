package org.ditjava.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** forward_with_cfg mixing: guided channels of both halves, the rest passed through. */
class GuidanceTest {

    @Test
    void guidesTheChosenChannelsOfBothHalves() {
        Nd4j.getRandom().setSeed(2);
        INDArray raw = Nd4j.randn(DataType.DOUBLE, 4, 8, 2, 2);
        for (int guided : new int[] {3, 4}) {
            INDArray out = ClassifierFreeGuidance.combine(raw, 4.0, guided);
            for (int n = 0; n < 4; n++) {
                for (int ch = 0; ch < 8; ch++) {
                    INDArray got = out.get(NDArrayIndex.point(n), NDArrayIndex.point(ch), NDArrayIndex.all(), NDArrayIndex.all());
                    INDArray want;
                    if (ch < guided) {
                        INDArray cond = raw.get(NDArrayIndex.point(n % 2), NDArrayIndex.point(ch), NDArrayIndex.all(), NDArrayIndex.all());
                        INDArray unc = raw.get(NDArrayIndex.point(n % 2 + 2), NDArrayIndex.point(ch), NDArrayIndex.all(), NDArrayIndex.all());
                        want = unc.add(cond.sub(unc).mul(4.0));
                    } else {
                        want = raw.get(NDArrayIndex.point(n), NDArrayIndex.point(ch), NDArrayIndex.all(), NDArrayIndex.all());
                    }
                    assertEquals(0.0, Fixtures.maxAbs(got, want), 1e-12, "n=" + n + " ch=" + ch);
                }
            }
        }
    }

    @Test
    void channelChoiceFollowsTheConfig() {
        DiTConfig c = TinyConfigs.tiny(BlockType.ADALN_ZERO);
        assertEquals(3, GuidedChannels.FIRST_THREE.count(c));
        assertEquals(4, GuidedChannels.ALL_EPS.count(c));
        assertEquals(2, GuidedChannels.FIRST_THREE.count(c.withChannels(1, true)));
    }

    @Test
    void oddBatchIsRejected() {
        INDArray raw = Nd4j.zeros(DataType.FLOAT, 3, 8, 2, 2);
        assertThrows(IllegalArgumentException.class, () -> ClassifierFreeGuidance.combine(raw, 1.5, 3));
    }

    @Test
    void labelsOutsideTheTableAreRejected() {
        DiTConfig c = TinyConfigs.tiny(BlockType.ADALN_ZERO);
        DiTModel m = DiTModel.initialized(c, 0, DataType.FLOAT);
        INDArray x = Nd4j.zeros(DataType.FLOAT, 1, c.inChannels(), c.inputSize(), c.inputSize());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.forward(x, Nd4j.createFromArray(1L), Nd4j.createFromArray((long) c.labelTableRows())));
        assertEquals("labels must lie in 0..3 (3 = null class); got 4..4", e.getMessage());
    }
}
