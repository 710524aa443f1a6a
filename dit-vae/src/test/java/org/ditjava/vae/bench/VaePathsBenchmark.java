package org.ditjava.vae.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.ditjava.vae.SdVae;
import org.ditjava.vae.VaeConfig;
import org.ditjava.vae.VaeFormat;
import org.ditjava.vae.diffusers.RandomKlWeights;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The two ways to load the full-width SD VAE (sd-vae-ft-ema's config: block_out_channels 128, 256,
 * 512, 512, two ResNets per block, 32 groups, 4 latent channels; random weights), one JVM per
 * measurement so that the peak RSS is that path's: {@code prepare DIR} writes both folders
 * ({@code DIR/onnx}: the two ONNX files in torch's export patterns; {@code DIR/diffusers}: config.json +
 * safetensors); {@code onnx DIR} imports the ONNX files with an empty cache, {@code onnx-cached DIR}
 * loads them from the cache, {@code diffusers DIR} builds the graphs natively; each then decodes one
 * 32×32×4 latent into a 256×256 image and prints one table row. A program, not a test:
 * {@code dit-vae/scripts/bench_paths.sh}.
 */
public final class VaePathsBenchmark {
    static final int[] WIDTHS = {128, 256, 512, 512};

    private VaePathsBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        String mode = args[0];
        Path dir = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 2;
        if (mode.equals("prepare")) {
            prepare(dir);
            return;
        }
        Path cache = dir.resolve("cache");
        Path folder = dir.resolve(mode.equals("diffusers") ? "diffusers" : "onnx");
        if (mode.equals("onnx")) {
            deleteAll(cache);
        }
        long t = System.nanoTime();
        SdVae vae = SdVae.load(folder, VaeConfig.SD_VAE.withCacheDir(cache));
        double load = seconds(t);
        Nd4j.getRandom().setSeed(7);
        INDArray z = Nd4j.randn(DataType.FLOAT, 1, 4, 32, 32);
        List<Double> times = new ArrayList<>();
        INDArray image = null;
        for (int i = 0; i <= runs; i++) {
            t = System.nanoTime();
            image = vae.decode(z);
            times.add(seconds(t));
        }
        double first = times.remove(0);
        double median = times.stream().mapToDouble(Double::doubleValue).sorted().toArray()[times.size() / 2];
        System.out.printf(Locale.ROOT, "| %s (%s) | %.2f | %.2f | %.2f | %d | %s |%n", mode, vae.decoderGraph().origin(), load,
                first, median, peakRssMiB(), Arrays.toString(image.shape()));
    }

    private static void prepare(Path dir) throws IOException {
        Path onnx = Files.createDirectories(dir.resolve("onnx"));
        Files.write(onnx.resolve(VaeConfig.SD_VAE.encoderFile()), SdVaeOnnxWriter.encoder(WIDTHS, 2, 4, 14, 1).toByteArray());
        Files.write(onnx.resolve(VaeConfig.SD_VAE.decoderFile()), SdVaeOnnxWriter.decoder(WIDTHS, 2, 4, 14, 2).toByteArray());
        RandomKlWeights.writeFolder(dir.resolve("diffusers"), Arrays.stream(WIDTHS).boxed().toList(), 2, 32, 4, 3);
        System.out.printf("# wrote %s (%,d + %,d bytes) and %s (%,d bytes)%n", onnx,
                Files.size(onnx.resolve(VaeConfig.SD_VAE.encoderFile())), Files.size(onnx.resolve(VaeConfig.SD_VAE.decoderFile())),
                dir.resolve("diffusers"), Files.size(dir.resolve("diffusers").resolve(VaeFormat.WEIGHTS)));
    }

    private static void deleteAll(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            try (var files = Files.list(dir)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
            }
        }
    }

    /** VmHWM of this process, MiB. */
    private static long peakRssMiB() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    private static double seconds(long start) {
        return (System.nanoTime() - start) / 1e9;
    }
}
