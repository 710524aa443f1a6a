package org.ditjava.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Labels outside the table (classes + the null row) are refused before the graph runs. */
class LabelRangeTest {

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
