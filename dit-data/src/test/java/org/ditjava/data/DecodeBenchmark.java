package org.ditjava.data;

import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Throughput of the data pipeline (JPEG decode + ADM center crop + [−1, 1] NCHW batch) through
 * {@link ImageLoader} on 1 and 2 threads. Not a test: run it by hand (see the module README) on a
 * quiet machine. Makes its own ImageNet-like JPEGs (500×375, 375×500, 500×333, 640×480 and 1024×768,
 * quality 90) from the crop fixture photographs, unless {@code --dir} names a folder dataset.
 *
 * <p>Arguments: {@code --images N} (default 96), {@code --size S} (256), {@code --threads 1,2},
 * {@code --rounds R} (3, best kept), {@code --dir ROOT}.
 */
public final class DecodeBenchmark {
    private static final int[][] SIZES = {{500, 375}, {375, 500}, {500, 333}, {640, 480}, {1024, 768}};

    private DecodeBenchmark() {
    }

    public static void main(String[] args) throws IOException {
        int images = 96;
        int size = 256;
        int rounds = 3;
        String threadList = "1,2";
        Path dir = null;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--images" -> images = Integer.parseInt(args[i + 1]);
                case "--size" -> size = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                case "--threads" -> threadList = args[i + 1];
                case "--dir" -> dir = Path.of(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        Path tmp = null;
        if (dir == null) {
            tmp = Files.createTempDirectory("dit-decode-bench");
            dir = makeJpegs(tmp, images);
        }
        try {
            run(ImageFolder.scan(dir, BadInputPolicy.FAIL), size, rounds, threadList);
        } finally {
            if (tmp != null) {
                deleteTree(tmp);
            }
        }
    }

    private static void run(ImageFolder folder, int size, int rounds, String threadList) {
        System.out.printf(Locale.ROOT, "%d images in %d classes, crop %d px, %d CPUs, Java %s%n", folder.size(),
                folder.classes().size(), size, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        pass(folder, LoaderConfig.inOrder(size, 16).withThreads(1));   // warm-up: JIT, ImageIO registry, ND4J
        for (String t : threadList.split(",")) {
            int threads = Integer.parseInt(t.trim());
            double best = 0;
            long cpuStart = processCpuNanos();
            for (int r = 0; r < rounds; r++) {
                best = Math.max(best, pass(folder, LoaderConfig.inOrder(size, 16).withThreads(threads)));
            }
            double cpuMs = (processCpuNanos() - cpuStart) / 1e6 / ((long) rounds * folder.size());
            System.out.printf(Locale.ROOT, "threads %d: %.1f images/s (best of %d), %.1f CPU ms per image, load average %.1f%n",
                    threads, best, rounds, cpuMs, java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** CPU time of the whole process (all threads, GC and JIT included). */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** One in-order epoch; returns images per second. */
    private static double pass(ImageFolder folder, LoaderConfig config) {
        long start = System.nanoTime();
        long n = 0;
        try (ImageLoader loader = ImageLoader.open(folder, config)) {
            while (loader.hasNext()) {
                ImageBatch b = loader.next();
                n += b.size();
                b.images().close();
            }
        }
        return n / ((System.nanoTime() - start) / 1e9);
    }

    /** ImageNet-like JPEGs resized (Java2D bicubic) from the fixture photographs, into one class folder per photograph. */
    static Path makeJpegs(Path root, int count) throws IOException {
        List<Path> photos;
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/fixtures/crop"))) {
            photos = files.filter(p -> p.getFileName().toString().endsWith(".png")).sorted().toList();
        }
        if (photos.isEmpty()) {
            throw new IOException("run from the dit-data folder: the fixture photographs are not in src/test/resources/fixtures/crop");
        }
        List<BufferedImage> sources = new ArrayList<>();
        for (Path p : photos) {
            sources.add(ImageIO.read(p.toFile()));
        }
        for (int i = 0; i < count; i++) {
            int[] wh = SIZES[i % SIZES.length];
            BufferedImage src = sources.get(i % sources.size());
            Path file = root.resolve("c" + i % sources.size()).resolve(String.format("img%04d.JPEG", i));
            Files.createDirectories(file.getParent());
            writeJpeg(resize(src, wh[0], wh[1]), file, 0.9f);
        }
        return root;
    }

    private static BufferedImage resize(BufferedImage src, int w, int h) {
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
        g.drawImage(src, 0, 0, w, h, null);
        g.dispose();
        return out;
    }

    private static void writeJpeg(BufferedImage img, Path file, float quality) throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(quality);
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file.toFile())) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        } finally {
            writer.dispose();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
