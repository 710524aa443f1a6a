package org.ditjava.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.ditjava.eval.features.ImageBatches;
import org.ditjava.eval.features.ImageLayout;
import org.ditjava.eval.features.SpatialFeatures;
import org.ditjava.eval.input.ImageFolderSource;
import org.ditjava.eval.input.ImageSource;
import org.ditjava.eval.input.ImageSources;
import org.ditjava.io.NpzReader;
import org.ditjava.io.TensorFileException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Sample files, image folders, grayscale, layouts and the sFID feature order. */
class ImageInputTest {
    @TempDir
    Path dir;

    @Test
    void npzImagesStreamInBatches() throws IOException {
        INDArray images = TestFiles.images(1, 7, 5, 4, 3);
        Path f = TestFiles.npz(dir.resolve("s.npz"), images);
        try (ImageSource src = ImageSources.open(f)) {
            assertEquals(7, src.count());
            INDArray a = src.next(3);
            INDArray b = src.next(3);
            INDArray c = src.next(3);
            assertNull(src.next(3));
            assertEquals(1, c.size(0));
            assertEquals(images, Nd4j.concat(0, a, b, c));
        }
    }

    @Test
    void grayscaleIsReplicatedToThreeChannels() throws IOException {
        INDArray gray = TestFiles.images(2, 4, 6, 5);
        for (INDArray stored : new INDArray[] {gray, gray.reshape(4, 6, 5, 1)}) {
            Path f = TestFiles.npz(dir.resolve("g" + stored.rank() + ".npz"), stored);
            try (ImageSource src = ImageSources.open(f)) {
                INDArray x = ImageBatches.toNetworkInput(src.next(10), src.layout());
                assertArrayEquals(new long[] {4, 3, 6, 5}, x.shape());
                for (int ch = 0; ch < 3; ch++) {
                    assertEquals(gray.castTo(DataType.FLOAT), x.get(NDArrayIndex.all(), NDArrayIndex.point(ch)));
                }
            }
        }
    }

    @Test
    void layoutsGiveTheSameNetworkInput() {
        INDArray nhwc = TestFiles.images(3, 2, 4, 5, 3);
        INDArray viaNhwc = ImageBatches.toNetworkInput(nhwc, ImageLayout.NHWC);
        INDArray viaNchw = ImageBatches.toNetworkInput(nhwc.permute(0, 3, 1, 2).dup().castTo(DataType.FLOAT), ImageLayout.NCHW);
        assertEquals(viaNhwc, viaNchw);
        assertEquals(DataType.FLOAT, viaNhwc.dataType());
        assertEquals(nhwc.getDouble(1, 2, 3, 0), viaNhwc.getDouble(1, 0, 2, 3));
        assertEquals(ImageLayout.NHWC, ImageLayout.infer(nhwc.shape()));
        assertEquals(ImageLayout.NCHW, ImageLayout.infer(new long[] {2, 3, 8, 8}));
    }

    @Test
    void badSampleFilesNameTheFileAndTheProblem() throws IOException {
        Path floats = TestFiles.npz(dir.resolve("float.npz"), Nd4j.rand(DataType.FLOAT, 2, 4, 4, 3));
        TensorFileException e = assertThrows(TensorFileException.class, () -> ImageSources.open(floats));
        assertTrue(e.getMessage().contains("float.npz") && e.getMessage().contains("uint8"), e.getMessage());
        Path rgba = TestFiles.npz(dir.resolve("rgba.npz"), TestFiles.images(4, 2, 4, 4, 4));
        e = assertThrows(TensorFileException.class, () -> ImageSources.open(rgba));
        assertTrue(e.getMessage().contains("rgba.npz") && e.getMessage().contains("4 channels"), e.getMessage());
        Path noImages = dir.resolve("other.npz");
        try (var w = org.ditjava.io.NpzWriter.create(noImages, org.ditjava.io.NpzWriter.Compression.STORED)) {
            w.write("x", Nd4j.ones(2));
            w.commit();
        }
        e = assertThrows(TensorFileException.class, () -> ImageSources.open(noImages));
        assertTrue(e.getMessage().contains("other.npz") && e.getMessage().contains("arr_0"), e.getMessage());
        assertThrows(IOException.class, () -> ImageSources.open(dir.resolve("missing.npz")));
    }

    @Test
    void imageFoldersAreReadInSortedOrderAsRgb() throws IOException {
        INDArray images = TestFiles.images(5, 3, 6, 7, 3);
        Path folder = Files.createDirectories(dir.resolve("imgs/class0"));
        for (int i = 0; i < 3; i++) {
            BufferedImage img = new BufferedImage(7, 6, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < 6; y++) {
                for (int x = 0; x < 7; x++) {
                    int r = images.getInt(i, y, x, 0);
                    int g = images.getInt(i, y, x, 1);
                    int b = images.getInt(i, y, x, 2);
                    img.setRGB(x, y, (r << 16) | (g << 8) | b);
                }
            }
            ImageIO.write(img, "png", folder.resolve("img" + i + ".png").toFile());
        }
        try (ImageSource src = ImageSources.open(dir.resolve("imgs"))) {
            assertEquals(3, src.count());
            assertEquals(images, Nd4j.concat(0, src.next(2), src.next(2)));
        }
        ImageIO.write(new BufferedImage(5, 5, BufferedImage.TYPE_BYTE_GRAY), "png", folder.resolve("zz.png").toFile());
        try (ImageSource src = ImageFolderSource.open(dir.resolve("imgs"))) {
            IOException e = assertThrows(IOException.class, () -> src.next(10));
            assertTrue(e.getMessage().contains("zz.png") && e.getMessage().contains("5x5"), e.getMessage());
        }
    }

    @Test
    void greyPngsKeepTheirStoredValuesAsPilDoes() throws IOException {
        Path folder = Files.createDirectories(dir.resolve("grey"));
        BufferedImage grey = new BufferedImage(3, 2, BufferedImage.TYPE_BYTE_GRAY);
        grey.getRaster().setSample(1, 1, 0, 100);
        ImageIO.write(grey, "png", folder.resolve("g.png").toFile());
        try (ImageSource src = ImageFolderSource.open(folder)) {
            INDArray batch = src.next(1);
            assertArrayEquals(new long[] {1, 2, 3, 3}, batch.shape());
            for (int c = 0; c < 3; c++) {
                // mid grey as stored (getRGB's grey gamma would give 168)
                assertEquals(100, batch.getInt(0, 1, 1, c));
                assertEquals(0, batch.getInt(0, 0, 0, c));
            }
        }
    }

    @Test
    void sfidFeatureOrderMatchesTheFixture() throws IOException {
        try (NpzReader npz = NpzReader.open(EvalFixture.resource("fixtures/inception/inception_io.npz"))) {
            INDArray ours = SpatialFeatures.fromNchw(npz.read("spatial"));
            assertEquals(npz.read("sfid_features"), ours);
        }
    }
}
