package org.ditjava.vae.diffusers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.ditjava.onnx.Fixtures;
import org.ditjava.vae.SdVae;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Another architecture than the fixtures' (three blocks, one ResNet per block, 8 groups, 3 latent
 * channels): the graphs follow the config, sizes are free at run time, and samples are independent
 * of each other in a batch.
 */
class DiffusersVaeShapesTest {
    @TempDir
    Path tmp;

    @Test
    void anotherConfigBuildsWithItsOwnWidthsAndFreeSizes() throws IOException {
        RandomKlWeights.writeFolder(tmp, List.of(16, 24, 24), 1, 8, 3, 5);
        DiffusersVae vae = DiffusersVae.load(tmp);
        assertEquals(4, vae.config().downsampling());
        INDArray images = Nd4j.rand(DataType.FLOAT, 2, 3, 24, 16).muli(2).subi(1);
        INDArray moments = vae.encoder().run(images);
        assertArrayEquals(new long[] {2, 6, 6, 4}, moments.shape());
        INDArray decoded = vae.decoder().run(Nd4j.randn(DataType.FLOAT, 1, 3, 5, 7));
        assertArrayEquals(new long[] {1, 3, 20, 28}, decoded.shape());
        INDArray first = images.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).dup();
        INDArray firstMoments = moments.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        assertTrue(Fixtures.maxAbsDiff(vae.encoder().run(first), firstMoments) <= 1e-5, "batch independence");
        assertEquals(3, SdVae.load(tmp).latentChannels());
    }
}
