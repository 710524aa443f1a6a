package org.ditjava.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.LongConsumer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Latent pre-extraction (fast-DiT's {@code extract_features.py}): decodes and center-crops every
 * image of a folder once, encodes it and its mirror image, and streams both into shards
 * ({@link LatentShardWriter}). Training then reads the shards ({@link LatentShardReader}) and never
 * touches the images or the encoder again.
 */
public final class LatentExtractor {

    private LatentExtractor() {
    }

    /**
     * Encodes {@code folder} into {@code outDir}; {@code progress} receives the number of images done
     * after each batch. Bad images follow the folder's policy.
     */
    public static ShardManifest extract(ImageFolder folder, LatentEncoder encoder, Path outDir, ExtractionConfig config,
                                        LongConsumer progress) throws IOException {
        long[] shape = encoder.latentShape(config.imageSize());
        long done = 0;
        try (LatentShardWriter writer = LatentShardWriter.create(outDir, encoder.name(), config.imageSize(), shape,
                folder.classes(), config.maxShardBytes());
             ImageLoader loader = ImageLoader.open(folder, config.loaderConfig())) {
            while (loader.hasNext()) {
                ImageBatch batch = loader.next();
                INDArray plain = encoder.encode(batch.images());
                INDArray mirrored = encoder.encode(mirror(batch.images()));
                writer.add(plain, mirrored, batch.labels());
                done += batch.size();
                progress.accept(done);
            }
            return writer.finish();
        }
    }

    /** Mirrors (N, C, H, W) images left to right (the last axis). */
    static INDArray mirror(INDArray images) {
        long[] shape = images.shape();
        int w = (int) shape[shape.length - 1];
        float[] in = images.castTo(DataType.FLOAT).dup('c').data().asFloat();
        float[] out = new float[in.length];
        for (int row = 0; row < in.length; row += w) {
            for (int x = 0; x < w; x++) {
                out[row + x] = in[row + w - 1 - x];
            }
        }
        return Nd4j.create(out, shape, 'c');
    }
}
