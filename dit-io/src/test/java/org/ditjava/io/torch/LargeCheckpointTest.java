package org.ditjava.io.torch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A zip checkpoint above 2 GiB, written here as a stored archive with one float16 storage of
 * 2 GiB + 2 MiB, is opened by a child JVM whose heap is capped at 256 MiB (an eighth of the file):
 * tensors at the start, across the 2³¹-byte mark, at the end and strided near the end read back
 * the values written, and reading the whole storage as one array fails with a clear message
 * instead of running out of memory. The file is deleted afterwards.
 */
class LargeCheckpointTest {
    static final long N = (1L << 30) + (1L << 20);   // float16 elements: 2^31 + 2^21 bytes
    static final int PERIOD = 2039;
    private static final int CHUNK = 1 << 22;

    @TempDir
    Path dir;

    /** Element k of the storage: (k mod 2039) - 1019, exact in float16. */
    static float valueAt(long k) {
        return (float) (k % PERIOD - 1019);
    }

    static Map<String, long[]> views() {
        Map<String, long[]> v = new LinkedHashMap<>();          // offset, then shape, then stride
        v.put("head", new long[] {0, 8, 1});
        v.put("across_2GiB", new long[] {(1L << 30) - 4, 8, 1});
        v.put("tail", new long[] {N - 8, 8, 1});
        v.put("strided_tail", new long[] {N - 2001, 3, 1000});
        v.put("all", new long[] {0, N, 1});
        return v;
    }

    @Test
    void checkpointAboveTwoGigabytesLoadsWithASmallHeap() throws IOException, InterruptedException {
        Path file = dir.resolve("big.pt");
        writeBig(file);
        assertTrue(Files.size(file) > (1L << 31), "file size " + Files.size(file));
        List<String> cmd = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Dorg.bytedeco.javacpp.maxbytes=1g", "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                // the same ND4J native build as this JVM (surefire's argLine; .ci/run picks it by the CPU)
                "-Dorg.bytedeco.javacpp.platform.extension=" + System.getProperty("org.bytedeco.javacpp.platform.extension", ""),
                "-cp", System.getProperty("java.class.path"), LargeCheckpointProbe.class.getName(), file.toString());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "child finished");
        assertEquals(0, p.exitValue(), out);
        Map<String, String> lines = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                lines.put(line.substring(0, colon), line.substring(colon + 2).trim());
            }
        }
        assertTrue(Long.parseLong(lines.get("maxHeap")) <= 300L << 20, out);
        for (Map.Entry<String, long[]> v : views().entrySet()) {
            if (v.getKey().equals("all")) {
                assertTrue(lines.get("all").contains("over 2 GiB"), out);
                continue;
            }
            List<String> expected = new ArrayList<>();
            for (long i = 0; i < v.getValue()[1]; i++) {
                expected.add(Float.toString(valueAt(v.getValue()[0] + i * v.getValue()[2])));
            }
            assertEquals(String.join(" ", expected), lines.get(v.getKey()), out);
        }
        Files.delete(file);
    }

    private static void writeBig(Path file) throws IOException {
        byte[] pattern = new byte[(CHUNK + PERIOD) * 2];
        for (int i = 0; i < CHUNK + PERIOD; i++) {
            short h = Float16Bits.of(valueAt(i));
            pattern[2 * i] = (byte) h;
            pattern[2 * i + 1] = (byte) (h >>> 8);
        }
        CheckpointWriter.Storage s = new CheckpointWriter.Storage("0", TorchDType.FLOAT16, N, out -> writeStorage(out, pattern));
        List<CheckpointWriter.Tensor> tensors = new ArrayList<>();
        for (Map.Entry<String, long[]> v : views().entrySet()) {
            long[] o = v.getValue();
            tensors.add(new CheckpointWriter.Tensor(v.getKey(), s, o[0], new long[] {o[1]}, new long[] {o[2]}));
        }
        CheckpointWriter.writeZip(file, tensors);
    }

    private static void writeStorage(OutputStream out, byte[] pattern) throws IOException {
        for (long k = 0; k < N; k += CHUNK) {
            int n = (int) Math.min(CHUNK, N - k);
            out.write(pattern, (int) (k % PERIOD) * 2, n * 2);
        }
    }
}
