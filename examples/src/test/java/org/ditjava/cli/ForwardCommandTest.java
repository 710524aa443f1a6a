package org.ditjava.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ditjava.io.TensorFiles;
import org.ditjava.io.TensorSource;
import org.ditjava.model.BlockType;
import org.ditjava.model.DiTConfig;
import org.ditjava.model.DiTModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import picocli.CommandLine;

class ForwardCommandTest {
    @TempDir
    Path dir;

    private static final DiTConfig TINY = new DiTConfig(1, 16, 2, 2, 4, 4, 3, 0.1, true, BlockType.ADALN_ZERO, 2.0);

    private static int run(StringWriter out, StringWriter err, String... args) {
        CommandLine cli = Dit.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void writesForwardAndGuidedOutputs() throws IOException {
        Map<String, INDArray> w = DiTModel.initialized(TINY, 1, DataType.FLOAT).weights();
        w.replaceAll((k, v) -> v.add(Nd4j.randn(DataType.FLOAT, v.shape()).mul(0.1)));
        DiTModel model = DiTModel.withWeights(TINY, w, DataType.FLOAT);
        Path weights = dir.resolve("w.safetensors");
        model.save(weights);
        Map<String, INDArray> in = new LinkedHashMap<>();
        INDArray x = Nd4j.randn(DataType.FLOAT, 2, 4, 4, 4);
        in.put("in.x", x);
        in.put("in.t", Nd4j.createFromArray(1L, 900L));
        in.put("in.y", Nd4j.createFromArray(0L, 3L));
        in.put("in.x_cfg", x);
        in.put("in.t_cfg", Nd4j.createFromArray(1L, 1L));
        in.put("in.y_cfg", Nd4j.createFromArray(2L, 3L));
        in.put("in.cfg_scale", Nd4j.createFromArray(4.0f));
        Path inputs = dir.resolve("in.npz");
        TensorFiles.write(inputs, in);
        Path out = dir.resolve("out.npz");
        StringWriter err = new StringWriter();
        int code = run(new StringWriter(), err, "forward", "--weights", weights.toString(), "--inputs",
                inputs.toString(), "--out", out.toString());
        assertEquals(0, code, err.toString());
        try (TensorSource src = TensorFiles.open(out)) {
            assertEquals(model.forward(x, in.get("in.t"), in.get("in.y")), src.read("out.forward"));
            assertEquals(model.forwardWithCfg(x, in.get("in.t_cfg"), in.get("in.y_cfg"), 4.0),
                    src.read("out.forward_with_cfg"));
        }
    }

    @Test
    void missingInputIsNamed() throws IOException {
        Path weights = dir.resolve("w.npz");
        DiTModel.initialized(TINY, 1, DataType.FLOAT).save(weights);
        Path inputs = dir.resolve("in.npz");
        TensorFiles.write(inputs, Map.of("in.x", Nd4j.zeros(DataType.FLOAT, 1, 4, 4, 4)));
        StringWriter err = new StringWriter();
        int code = run(new StringWriter(), err, "forward", "--weights", weights.toString(), "--inputs",
                inputs.toString(), "--out", dir.resolve("o.npz").toString());
        assertEquals(1, code);
        assertTrue(err.toString().contains("in.npz") && err.toString().contains("in.t"), err.toString());
    }
}
