package org.ditjava.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * NumPy itself reads what dit-io writes (stored and deflated .npz, .npy, every dtype, scalar and
 * empty arrays). Runs {@code src/test/python/check_java_files.py}; skipped where python3 with
 * NumPy is absent (CI installs Debian's python3-numpy, so it runs there). The first of {@code python3}
 * on the PATH (a pyenv one, say) and Debian's {@code /usr/bin/python3} that imports NumPy is used.
 */
class NumpyInteropTest {
    @TempDir
    Path dir;

    @Test
    void numpyReadsOurFiles() throws IOException, InterruptedException {
        String python = null;
        for (String candidate : new String[] {"python3", "/usr/bin/python3"}) {
            if (python == null && run(candidate, "-c", "import numpy").exitCode == 0) {
                python = candidate;
            }
        }
        assumeTrue(python != null, "no python3 with numpy (neither on the PATH nor /usr/bin/python3)");
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (DType t : DType.values()) {
            String kind = t.numpyDescr().substring(1);
            arrays.put(kind + "_4d", Formula.make(t, 2, 3, 1, 5));
            arrays.put(kind + "_scalar", Formula.make(t));
            arrays.put(kind + "_empty", Formula.make(t, 0, 2));
        }
        for (NpzWriter.Compression c : NpzWriter.Compression.values()) {
            try (NpzWriter w = NpzWriter.create(dir.resolve(c + ".npz"), c)) {
                for (Map.Entry<String, INDArray> e : arrays.entrySet()) {
                    w.write(e.getKey(), e.getValue());
                }
                w.commit();
            }
        }
        for (DType t : DType.values()) {
            Npy.write(dir.resolve(t.numpyDescr().substring(1) + "_single.npy"), Formula.make(t, 7, 3));
        }
        Path script = Path.of("src/test/python/check_java_files.py").toAbsolutePath();
        Result r = run(python, script.toString(), dir.toString());
        assertEquals(0, r.exitCode, r.output);
        assertEquals("numpy read " + (2 * arrays.size() + DType.values().length) + " arrays", r.output.trim());
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... cmd) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(2, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + out);
        }
        return new Result(p.exitValue(), out);
    }
}
