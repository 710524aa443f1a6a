package org.ditjava.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.stream.Stream;
import org.ditjava.io.OutputPaths;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Latent pre-extraction (fast-DiT's {@code extract_features.py}): decodes and center-crops every
 * image of a folder once, encodes it and its mirror image, and streams both into shards
 * ({@link LatentShardWriter}). Training then reads the shards ({@link LatentShardReader}) and never
 * touches the images or the encoder again.
 *
 * <p>Resumable (not in fast-DiT): batches are cut so that every shard ends at a batch boundary, and
 * after each completed shard {@link ExtractionProgress} records the shards and the loader cursor. Run
 * again on the same directory with the same settings, an interrupted extraction continues after its
 * last completed shard; with the identity encoder the result is byte-identical to an uninterrupted run.
 */
public final class LatentExtractor {

    private LatentExtractor() {
    }

    /**
     * Encodes {@code folder} into {@code outDir}, continuing an unfinished extraction there; {@code
     * progress} receives the number of images done (those of earlier runs included) after each batch.
     * Bad images follow the folder's policy.
     */
    public static ShardManifest extract(ImageFolder folder, LatentEncoder encoder, Path outDir, ExtractionConfig config,
                                        LongConsumer progress) throws IOException {
        try {
            OutputPaths.requireOutside(outDir, folder.root(), "the dataset folder");
        } catch (IllegalArgumentException e) {
            throw new IOException(e.getMessage(), e);
        }
        long[] shape = encoder.latentShape(config.imageSize());
        ExtractionProgress fresh = ExtractionProgress.start(encoder.name(), config, shape, folder);
        ExtractionProgress state = resumable(outDir, fresh).orElse(fresh);
        LatentEncoder enc = state.count() == 0 ? encoder : encoder.resumedAt(state.count());
        try (LatentShardWriter writer = LatentShardWriter.resume(outDir, encoder.name(), config.imageSize(), shape,
                folder.classes(), config.maxShardBytes(), state.shards());
             ImageLoader loader = ImageLoader.open(folder, config.loaderConfig(), state.next())) {
            state.write(outDir);
            long done = state.count();
            ImageBatch batch;
            while ((batch = loader.next(Math.min(config.batchSize(), writer.room()))) != null) {
                int shardsBefore = writer.shards().size();
                writer.add(enc.encode(batch.images()), enc.encode(mirror(batch.images())), batch.labels());
                if (writer.shards().size() > shardsBefore) {
                    state = state.at(writer.shards(), writer.writtenCount(), batch.next());
                    state.write(outDir);
                }
                done += batch.size();
                progress.accept(done);
            }
            ShardManifest manifest = writer.finish();
            Files.deleteIfExists(outDir.resolve(ExtractionProgress.FILE_NAME));
            return manifest;
        }
    }

    /**
     * The unfinished extraction in {@code outDir} that {@code fresh}'s settings continue, if any; fails for
     * a finished one, for shards without a progress record, for other settings, and for a folder that
     * holds anything else (an extraction writes only into an empty folder or its own unfinished one).
     */
    static Optional<ExtractionProgress> resumable(Path outDir, ExtractionProgress fresh) throws IOException {
        if (Files.isRegularFile(outDir.resolve(ShardManifest.FILE_NAME))) {
            throw new IOException(outDir + ": already holds a finished extraction (" + ShardManifest.FILE_NAME
                    + "); choose an empty directory");
        }
        Optional<ExtractionProgress> saved = ExtractionProgress.read(outDir);
        if (saved.isPresent()) {
            saved.get().requireSameSettings(fresh, outDir);
        } else if (Files.isDirectory(outDir)) {
            LatentShardWriter.requireNoShards(outDir);
            requireEmpty(outDir);
        } else if (Files.exists(outDir)) {
            throw new IOException(outDir + ": is a file, not a folder");
        }
        return saved;
    }

    private static void requireEmpty(Path outDir) throws IOException {
        try (Stream<Path> entries = Files.list(outDir)) {
            // a crash before the first progress record leaves at most that record's temporary file
            Optional<Path> other = entries.filter(p -> !p.getFileName().toString().startsWith("." + ExtractionProgress.FILE_NAME
                    + ".tmp")).findFirst();
            if (other.isPresent()) {
                throw new IOException(outDir + ": is not empty (it holds " + other.get().getFileName()
                        + ") and is not an unfinished extraction; choose an empty or new folder");
            }
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
