package org.ditjava.vae.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import onnx.Onnx.ModelProto;
import org.ditjava.onnx.GraphCache;
import org.ditjava.onnx.OnnxGraph;
import org.ditjava.runtime.BackendReport;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Import and decode times of an SD-VAE decoder of full width (block_out_channels 128, 256, 512,
 * 512; random weights), written as ONNX in torch's export patterns by {@link SdVaeOnnxWriter}:
 * first import (hash, parse, map, write the cache), cached load, and decoding one 32×32×4 latent
 * into a 256×256 image. A program, not a test: {@code dit-vae/scripts/bench.sh}.
 *
 * <p>Arguments: {@code [work dir (default target/vae-bench)] [decode runs (default 3)] [latent size (default 32)]}.
 */
public final class VaeBenchmark {
    private VaeBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "target/vae-bench");
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        int latent = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        int[] widths = {128, 256, 512, 512};
        Files.createDirectories(dir);
        BackendReport.current().lines().forEach(l -> System.out.println("# " + l));

        Path onnx = dir.resolve("vae_decoder.onnx");
        long t = System.nanoTime();
        ModelProto model = SdVaeOnnxWriter.decoder(widths, 2, 4, 14, 1);
        long params = model.getGraph().getInitializerList().stream()
                .mapToLong(i -> i.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b)).sum();
        Files.write(onnx, model.toByteArray());
        model = null;
        System.out.printf("# wrote %s: decoder with %,d parameters, %,d bytes, in %.1f s%n", onnx, params, Files.size(onnx), seconds(t));

        Path cache = dir.resolve("cache");
        Files.deleteIfExists(GraphCache.graphFile(onnx, cache));
        Files.deleteIfExists(GraphCache.metaFile(onnx, cache));
        t = System.nanoTime();
        OnnxGraph first = GraphCache.load(onnx, cache);
        double importSeconds = seconds(t);
        t = System.nanoTime();
        OnnxGraph cached = GraphCache.load(onnx, cache);
        double cachedSeconds = seconds(t);
        if (first.origin() != OnnxGraph.Origin.IMPORTED || cached.origin() != OnnxGraph.Origin.CACHED) {
            throw new IllegalStateException("unexpected origins " + first.origin() + ", " + cached.origin());
        }
        System.out.printf("# graph: %s; SameDiff file %,d bytes%n", cached, Files.size(GraphCache.graphFile(onnx, cache)));

        Nd4j.getRandom().setSeed(7);
        INDArray z = Nd4j.randn(DataType.FLOAT, 1, 4, latent, latent);
        List<Double> times = new ArrayList<>();
        INDArray image = null;
        for (int i = 0; i <= runs; i++) {
            t = System.nanoTime();
            image = cached.run(z);
            times.add(seconds(t));
        }
        double firstDecode = times.remove(0);
        double[] sorted = times.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("# decoded %s -> %s%n", Arrays.toString(z.shape()), Arrays.toString(image.shape()));
        System.out.println("| measurement | seconds |");
        System.out.println("| --- | --- |");
        System.out.printf("| first import (hash + parse + map + write cache) | %.2f |%n", importSeconds);
        System.out.printf("| cached load (hash + SameDiff.load) | %.2f |%n", cachedSeconds);
        System.out.printf("| decode 1x4x%dx%d -> 1x3x%dx%d, first run | %.2f |%n", latent, latent, 8 * latent, 8 * latent, firstDecode);
        System.out.printf("| decode, median of %d further runs (min %.2f, max %.2f) | %.2f |%n", sorted.length,
                sorted[0], sorted[sorted.length - 1], sorted[sorted.length / 2]);
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
