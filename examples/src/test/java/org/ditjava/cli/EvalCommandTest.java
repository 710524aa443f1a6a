package org.ditjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import javax.imageio.ImageIO;
import org.ditjava.io.Npy;
import org.ditjava.io.NpzWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** {@code dit eval} and {@code dit plot scaling} end to end. */
class EvalCommandTest {
    /** The reduced-width Inception export of the dit-eval fixtures (the module tests run in examples/). */
    private static final Path INCEPTION = Path.of("../dit-eval/src/test/resources/fixtures/inception/fid_inception_w16.onnx");

    /** The same network as pytorch-fid's weight file names it (dit-eval's fixtures/pretrained). */
    private static final Path INCEPTION_PTH = Path.of("../dit-eval/src/test/resources/fixtures/pretrained/fid_inception.pth");

    @TempDir
    Path dir;

    private static INDArray gaussian(long seed, int rows, int cols, float shift) {
        Random rng = new Random(seed);
        float[] v = new float[rows * cols];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rng.nextGaussian() + shift;
        }
        return Nd4j.create(v, new long[] {rows, cols}, DataType.FLOAT);
    }

    @Test
    void featuresModePrintsTheMetricsAndWritesJson() throws IOException {
        Path a = dir.resolve("a.npy");
        Path b = dir.resolve("b.npy");
        Path logits = dir.resolve("l.npy");
        Npy.write(a, gaussian(1, 60, 8, 0.3f));
        Npy.write(b, gaussian(2, 50, 8, 0f));
        Npy.write(logits, gaussian(3, 60, 10, 0f).muli(4));
        CliRun text = CliRun.of("eval", "--features", a.toString(), "--ref-features", b.toString(), "--logits", logits.toString());
        assertEquals(0, text.code(), text.err());
        for (String label : new String[] {"FID: ", "Inception Score: ", "Precision: ", "Recall: "}) {
            assertTrue(text.out().contains(label), text.out());
        }
        Path out = Files.createDirectories(dir.resolve("run1")).resolve("eval.json");   // dit never creates an output's folder
        CliRun json = CliRun.of("eval", "--features", a.toString(), "--ref-features", b.toString(), "--json", "--out", out.toString(),
                "--model", "DiT-S/2", "--gflops", "6.06");
        assertEquals(0, json.code(), json.err());
        JsonObject o = JsonParser.parseString(json.out()).getAsJsonObject();
        assertTrue(o.get("fid").getAsDouble() > 0);
        assertEquals(60, o.get("samples").getAsLong());
        assertEquals(JsonParser.parseString(Files.readString(out)), o);

        Path png = dir.resolve("scaling.png");
        CliRun plot = CliRun.of("plot", "scaling", "--runs", out.getParent().toString(), "--out", png.toString());
        assertEquals(0, plot.code(), plot.err());
        assertTrue(plot.out().contains("DiT-S/2"), plot.out());
        assertTrue(ImageIO.read(png.toFile()).getWidth() > 0);
    }

    @Test
    void badInputsGiveOneLineErrors() throws IOException {
        Path ints = dir.resolve("ints.npy");
        Npy.write(ints, Nd4j.ones(DataType.INT, 5, 3));
        CliRun r = CliRun.of("eval", "--features", ints.toString(), "--ref-features", ints.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("ints.npy") && r.err().contains("float32"), r.err());
        CliRun usage = CliRun.of("eval", "--samples", "x.npz");
        assertEquals(2, usage.code());
        assertTrue(usage.err().contains("--ref"), usage.err());
        CliRun noRuns = CliRun.of("plot", "scaling", "--runs", dir.resolve("missing").toString());
        assertEquals(1, noRuns.code());
        assertTrue(noRuns.err().contains("eval.json"), noRuns.err());
    }

    @Test
    void imagesModeRunsTheOnnxInceptionAndCachesTheReference() throws IOException {
        Path samples = images(dir.resolve("samples.npz"), 11, 6);
        Path ref = images(dir.resolve("ref.npz"), 12, 5);
        CliRun r = CliRun.of("eval", "--samples", samples.toString(), "--ref", ref.toString(), "--feature-net", INCEPTION.toString(),
                "--batch-size", "4", "--json");
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        for (String key : new String[] {"fid", "sfid", "inception_score", "precision", "recall"}) {
            assertTrue(o.has(key), r.out());
        }
        assertTrue(Files.list(dir).anyMatch(p -> p.getFileName().toString().endsWith(".dit-eval.npz")), "reference cache written");
    }

    @Test
    void imagesModeBuildsTheInceptionFromPytorchFidsWeightFile() throws IOException {
        Path samples = images(dir.resolve("samples.npz"), 11, 6);
        Path ref = images(dir.resolve("ref.npz"), 12, 5);
        CliRun r = CliRun.of("eval", "--samples", samples.toString(), "--ref", ref.toString(), "--feature-net", INCEPTION_PTH.toString(),
                "--batch-size", "4", "--json", "--no-cache");
        assertEquals(0, r.code(), r.err());
        JsonObject o = JsonParser.parseString(r.out()).getAsJsonObject();
        for (String key : new String[] {"fid", "sfid", "inception_score", "precision", "recall"}) {
            assertTrue(o.has(key) && Double.isFinite(o.get(key).getAsDouble()), r.out());
        }
        Path notWeights = Files.writeString(dir.resolve("pt_inception.pth"), "not a checkpoint");
        CliRun bad = CliRun.of("eval", "--samples", samples.toString(), "--ref", ref.toString(), "--feature-net", notWeights.toString());
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains(notWeights.toString()), bad.err());
    }

    private static Path images(Path file, long seed, int n) throws IOException {
        Random rng = new Random(seed);
        byte[] px = new byte[n * 32 * 32 * 3];
        rng.nextBytes(px);
        INDArray a = Nd4j.createUninitialized(DataType.UBYTE, new long[] {n, 32, 32, 3}, 'c');
        a.data().asNio().put(px);
        try (NpzWriter w = NpzWriter.create(file, NpzWriter.Compression.STORED)) {
            w.write("arr_0", a);
            w.commit();
        }
        return file;
    }
}
