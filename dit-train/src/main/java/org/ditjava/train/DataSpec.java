package org.ditjava.train;

import java.nio.file.Path;
import java.util.Objects;
import org.ditjava.data.FashionMnist;

/**
 * The training data of a run.
 *
 * @param kind      the source type
 * @param dir       the folder (Fashion-MNIST: null for {@link FashionMnist#defaultDir()})
 * @param imageSize image side in pixels: 28 or 32 (padded) for Fashion-MNIST, the crop size for a
 *                  folder; ignored for latent shards (their manifest fixes it)
 * @param flip      random horizontal flips with p = 0.5 (DiT's only augmentation)
 */
public record DataSpec(DataKind kind, Path dir, int imageSize, boolean flip) {

    public DataSpec {
        Objects.requireNonNull(kind, "kind");
        if (kind != DataKind.FASHION_MNIST && dir == null) {
            throw new IllegalArgumentException(kind.cliName() + " data needs a directory (--data-dir)");
        }
        if (kind == DataKind.FASHION_MNIST && imageSize != 28 && imageSize != 32) {
            throw new IllegalArgumentException("Fashion-MNIST images are 28 or 32 (padded) pixels, not " + imageSize);
        }
        if (kind == DataKind.IMAGE_FOLDER && imageSize <= 0) {
            throw new IllegalArgumentException("image size must be positive, got " + imageSize);
        }
    }

    /** Fashion-MNIST from the default location. */
    public static DataSpec fashionMnist(int imageSize, boolean flip) {
        return new DataSpec(DataKind.FASHION_MNIST, null, imageSize, flip);
    }

    /** The folder actually read. */
    public Path resolvedDir() {
        return dir != null ? dir : FashionMnist.defaultDir();
    }

    /** A short description for logs and records ({@code fmnist:/usr/share/datasets/fashion-mnist@32}). */
    public String describe() {
        return kind.cliName() + ":" + resolvedDir().toAbsolutePath() + (kind == DataKind.LATENT_SHARDS ? "" : "@" + imageSize);
    }
}
