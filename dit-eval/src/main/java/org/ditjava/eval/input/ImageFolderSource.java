package org.ditjava.eval.input;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.ditjava.eval.features.ImageLayout;
import org.ditjava.io.RgbPixels;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The images of a folder (and its subfolders: ImageNet-style class folders), PNG / JPEG / BMP / GIF,
 * in sorted path order, decoded to RGB uint8 (N, H, W, 3) by dit-io's {@link RgbPixels} as PIL's
 * {@code convert("RGB")} does (grayscale samples replicated to three channels as stored, without Java's
 * grey gamma). All images must have the size of the first one: the metrics compare images of one
 * resolution, as in ADM's batches, and resizing here would change the numbers.
 */
public final class ImageFolderSource implements ImageSource {
    private static final List<String> EXTENSIONS = List.of(".png", ".jpg", ".jpeg", ".bmp", ".gif");

    private final Path folder;
    private final List<Path> files;
    private int next;
    private int width = -1;
    private int height = -1;

    private ImageFolderSource(Path folder, List<Path> files) {
        this.folder = folder;
        this.files = files;
    }

    /** Lists the images of {@code folder}; fails naming the folder when there are none. */
    public static ImageFolderSource open(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IOException(folder + ": not a folder");
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).filter(ImageFolderSource::isImage).sorted().toList();
        }
        if (files.isEmpty()) {
            throw new IOException(folder + ": no images (" + String.join(", ", EXTENSIONS) + ") in this folder or below");
        }
        return new ImageFolderSource(folder, files);
    }

    private static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return EXTENSIONS.stream().anyMatch(name::endsWith);
    }

    @Override
    public Path path() {
        return folder;
    }

    @Override
    public long count() {
        return files.size();
    }

    @Override
    public ImageLayout layout() {
        return ImageLayout.NHWC;
    }

    @Override
    public INDArray next(int max) throws IOException {
        if (next >= files.size()) {
            return null;
        }
        int n = Math.min(max, files.size() - next);
        byte[] batch = null;
        for (int i = 0; i < n; i++) {
            Path file = files.get(next + i);
            BufferedImage img = read(file);
            if (batch == null) {
                batch = new byte[n * height * width * 3];
            }
            System.arraycopy(RgbPixels.of(img), 0, batch, i * height * width * 3, height * width * 3);
        }
        next += n;
        INDArray out = Nd4j.createUninitialized(DataType.UBYTE, new long[] {n, height, width, 3}, 'c');
        out.data().asNio().put(batch);
        return out;
    }

    private BufferedImage read(Path file) throws IOException {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new IOException(file + ": cannot decode the image (" + e.getMessage() + ")", e);
        }
        if (img == null) {
            throw new IOException(file + ": not a readable image");
        }
        if (width < 0) {
            width = img.getWidth();
            height = img.getHeight();
        } else if (img.getWidth() != width || img.getHeight() != height) {
            throw new IOException(file + ": is " + img.getWidth() + "x" + img.getHeight() + " but " + files.get(0)
                    + " is " + width + "x" + height + "; all images must have one size (resize / center-crop them first)");
        }
        return img;
    }

    @Override
    public void close() {
        // nothing held open between batches
    }
}
