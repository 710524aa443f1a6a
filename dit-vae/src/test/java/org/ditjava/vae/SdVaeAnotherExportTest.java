package org.ditjava.vae;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.ditjava.onnx.Fixtures;
import org.ditjava.vae.bench.SdVaeOnnxWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Another export of the same architecture: other widths, opset 18, dynamic height and width,
 * written in torch's op patterns by {@link SdVaeOnnxWriter}. SdVae takes names, channel counts
 * and sizes from the graphs, so it runs unchanged, at any image size and batch size.
 */
class SdVaeAnotherExportTest {
    @TempDir
    Path dir;

    @Test
    void runsAtOtherSizesAndBatchSizes() throws IOException {
        int[] widths = {32, 64};
        Files.write(dir.resolve("vae_encoder.onnx"), SdVaeOnnxWriter.encoder(widths, 1, 4, 18, 1).toByteArray());
        Files.write(dir.resolve("vae_decoder.onnx"), SdVaeOnnxWriter.decoder(widths, 1, 4, 18, 2).toByteArray());
        SdVae vae = SdVae.load(dir);
        for (long[] size : new long[][] {{2, 16, 16}, {1, 24, 8}}) {
            INDArray images = Nd4j.rand(DataType.FLOAT, size[0], 3, size[1], size[2]).muli(2).subi(1);
            Posterior p = vae.encode(images);
            assertArrayEquals(new long[] {size[0], 4, size[1] / 2, size[2] / 2}, p.mean().shape());
            INDArray decoded = vae.decode(vae.sample(p, new SplittableRandom(3)));
            assertArrayEquals(images.shape(), decoded.shape());
            INDArray first = images.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).dup();
            double d = Fixtures.maxAbsDiff(vae.encode(first).mean(),
                    p.mean().get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()));
            assertTrue(d <= 1e-5, "batch-size dependence " + d);
        }
    }
}
