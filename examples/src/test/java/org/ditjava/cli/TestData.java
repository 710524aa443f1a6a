package org.ditjava.cli;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Small inputs the command tests make: an ImageNet-style folder of PNGs and a copy of dit-vae's VAE fixture. */
final class TestData {
    /** dit-vae's reduced-width SD-VAE fixture (64 px → 4 × 8 × 8). */
    static final Path VAE_FIXTURE = Path.of("../dit-vae/src/test/resources/fixtures/vae");

    private TestData() {
    }

    /**
     * {@code root/<class>/<i>.png} for {@code perClass} images of each class, image i of size
     * {@code (width + i) × height}, a colour gradient that differs per class and image.
     */
    static Path imageFolder(Path root, String[] classes, int perClass, int width, int height) throws IOException {
        for (String cls : classes) {
            Files.createDirectories(root.resolve(cls));
            for (int i = 0; i < perClass; i++) {
                BufferedImage img = new BufferedImage(width + i, height, BufferedImage.TYPE_INT_RGB);
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width + i; x++) {
                        img.setRGB(x, y, (x * 255 / (width + i)) << 16 | (y * 255 / height) << 8 | (cls.length() * 40 + i * 20));
                    }
                }
                ImageIO.write(img, "png", root.resolve(cls).resolve(i + ".png").toFile());
            }
        }
        return root;
    }

    /** The VAE fixture's two ONNX files copied into {@code dir} (the graph cache is written beside them). */
    static Path vaeCopy(Path dir) throws IOException {
        Files.createDirectories(dir);
        for (String f : new String[] {"vae_encoder.onnx", "vae_decoder.onnx"}) {
            Files.copy(VAE_FIXTURE.resolve(f), dir.resolve(f));
        }
        return dir;
    }
}
