package org.ditjava.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@link Scratch} hands out one reused buffer in the shapes asked for. */
class ScratchTest {

    @Test
    void smallerRequestsReuseTheBuffer() {
        Scratch s = new Scratch();
        INDArray big = s.like(Nd4j.zeros(DataType.FLOAT, 3, 4));
        big.assign(Nd4j.arange(12).castTo(DataType.FLOAT).reshape(3, 4));
        INDArray small = s.like(Nd4j.zeros(DataType.FLOAT, 2, 2));
        assertArrayEquals(new long[] {2, 2}, small.shape());
        assertEquals('c', small.ordering());
        assertArrayEquals(new float[] {0, 1, 2, 3}, small.dup().data().asFloat(), "the same memory, not a new array");
        small.assign(-1);
        assertEquals(-1f, big.getFloat(0, 1), "writes land in the shared buffer");
    }

    @Test
    void growsForLargerTensorsAndOtherTypes() {
        Scratch s = new Scratch();
        s.like(Nd4j.zeros(DataType.FLOAT, 2));
        INDArray larger = s.like(Nd4j.zeros(DataType.FLOAT, 5, 2));
        assertArrayEquals(new long[] {5, 2}, larger.shape());
        assertEquals(DataType.DOUBLE, s.like(Nd4j.zeros(DataType.DOUBLE, 3)).dataType());
    }
}
