package org.ditjava.train;

import java.io.IOException;
import org.ditjava.data.BadInputPolicy;
import org.ditjava.data.FashionMnist;
import org.ditjava.data.ImageFolder;
import org.ditjava.data.LatentShardReader;

/**
 * What a data source fixes about the model: channels, side and number of classes — so a model chosen
 * by name ({@code DiT-S/2}) is fitted to the data it trains on.
 *
 * @param channels C of each sample (1 Fashion-MNIST, 3 pixels, 4 SD-VAE latents)
 * @param size     H = W of each sample
 * @param classes  number of classes
 */
public record DataProbe(int channels, int size, int classes) {

    /** Looks at {@code spec}'s data (a folder is scanned; latent shards are read from their manifest). */
    public static DataProbe of(DataSpec spec) throws IOException {
        return of(spec, BadInputPolicy.SKIP);
    }

    /**
     * {@link #of(DataSpec)} listing an image folder under {@code policy}: under {@code FAIL} a bad
     * entry (a symlink loop, a broken link) is refused here, before a run folder exists.
     */
    public static DataProbe of(DataSpec spec, BadInputPolicy policy) throws IOException {
        return switch (spec.kind()) {
            case FASHION_MNIST -> new DataProbe(1, spec.imageSize(), FashionMnist.CLASSES.size());
            case IMAGE_FOLDER -> new DataProbe(3, spec.imageSize(),
                    ImageFolder.scan(spec.dir(), policy).classes().size());
            case LATENT_SHARDS -> {
                LatentShardReader r = LatentShardReader.open(spec.dir());
                long[] s = r.manifest().latentShape();
                yield new DataProbe((int) s[0], (int) s[1], r.manifest().classes().size());
            }
        };
    }
}
