package org.ditjava.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.ditjava.io.TensorFiles;
import org.ditjava.io.TensorSource;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Golden parity with the official PyTorch DiT on model_tiny.npz (or any file of its format given by
 * {@code -Ddit.model.fixture=FILE}): the configuration, weights, inputs and expected values all come
 * from the file. Tolerance from the fixture README: |port − ref| ≤ 2e-4 + 1e-4·|ref| (t_freq 1e-4 abs).
 */
class ParityTest {
    private static final double ABS = 2e-4;
    private static final double REL = 1e-4;

    private static Map<String, INDArray> file;
    private static DiTModel model;

    @BeforeAll
    static void load() throws IOException {
        Path path = Fixtures.parityFile();
        file = new LinkedHashMap<>();
        DiTConfig config;
        try (TensorSource src = TensorFiles.open(path)) {
            for (String name : src.names()) {
                file.put(name, src.read(name));
            }
            config = DiTConfigTensors.read(src).orElseThrow();
        }
        model = DiTModel.load(path, config, DataType.FLOAT);
    }

    @Test
    void forwardMatchesReference() {
        INDArray out = model.forward(file.get("in.x"), file.get("in.t"), file.get("in.y"));
        double err = Fixtures.assertClose("out.forward", out, file.get("out.forward"), ABS, REL);
        System.out.println("parity out.forward max|diff| = " + err);
    }

    @Test
    void forwardWithCfgMatchesReference() {
        INDArray x = file.get("in.x_cfg");
        INDArray t = file.get("in.t_cfg");
        INDArray y = file.get("in.y_cfg");
        double scale = file.get("in.cfg_scale").getDouble(0);
        INDArray raw = model.forward(x, t, y);
        Fixtures.assertClose("dbg.forward_cfg_raw", raw, file.get("dbg.forward_cfg_raw"), ABS, REL);
        INDArray guided = model.forwardWithCfg(x, t, y, scale);
        double err = Fixtures.assertClose("out.forward_with_cfg", guided, file.get("out.forward_with_cfg"), ABS, REL);
        System.out.println("parity out.forward_with_cfg max|diff| = " + err);
    }

    @Test
    void debugIntermediatesMatchReference() {
        DiTGraph g = model.graph();
        Map<String, SDVariable> taps = new LinkedHashMap<>();
        taps.put("dbg.t_emb", g.tEmb());
        taps.put("dbg.y_emb", g.yEmb());
        taps.put("dbg.c", g.c());
        taps.put("dbg.tokens_after_embed", g.tokens());
        taps.put("dbg.block0_adaLN", g.blockModulation(0));
        taps.put("dbg.block0_out", g.blockOutputs().get(0));
        taps.put("dbg.final_layer_out", g.finalLayerOut());
        taps.put("dbg.t_freq", g.tFreq());
        Map<String, INDArray> got = model.evaluate(file.get("in.x"), file.get("in.t"), file.get("in.y"),
                taps.values().toArray(new SDVariable[0]));
        StringBuilder report = new StringBuilder("parity debug max|diff|:");
        for (Map.Entry<String, SDVariable> e : taps.entrySet()) {
            boolean freq = e.getKey().equals("dbg.t_freq");
            double err = Fixtures.assertClose(e.getKey(), got.get(e.getValue().name()), file.get(e.getKey()),
                    freq ? 1e-4 : ABS, freq ? 0 : REL);
            report.append(' ').append(e.getKey()).append('=').append(String.format("%.2e", err));
        }
        System.out.println(report);
    }

    @Test
    void positionalTableIsTheStoredOne() {
        double err = Fixtures.maxAbs(model.weights().get(PosEmbed.NAME), file.get(PosEmbed.NAME));
        INDArray formula = PosEmbed.table(model.config().hiddenSize(), model.config().gridSize());
        double formulaErr = Fixtures.maxAbs(formula.reshape(file.get(PosEmbed.NAME).shape()), file.get(PosEmbed.NAME));
        assertTrue(err == 0 && formulaErr <= 1e-6, "pos_embed: loaded " + err + ", formula " + formulaErr);
    }
}
