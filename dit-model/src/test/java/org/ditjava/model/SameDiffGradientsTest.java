package org.ditjava.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.api.OutAndGrad;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The releasing gradient path computes exactly what SameDiff's own {@code calculateGradientsAndOutputs}
 * computes, for every block design, with random (non-zero) weights so every gradient carries signal,
 * on repeated calls (arrays freed or pooled in one call must not be read in the next), freeing at
 * once and pooling released buffers.
 */
class SameDiffGradientsTest {

    @ParameterizedTest
    @EnumSource(BlockType.class)
    void gradientsAreBitIdenticalToSameDiffs(BlockType block) {
        DiTConfig config = TinyConfigs.tiny(block);
        DiTModel model = DiTModel.withWeights(config, TinyConfigs.randomWeights(config, 3, 0.3, DataType.FLOAT),
                DataType.FLOAT);
        SameDiff sd = model.graph().sd();
        SDVariable target = sd.placeHolder("target", DataType.FLOAT, -1, config.outChannels(),
                config.inputSize(), config.inputSize());
        SDVariable diff = model.graph().out().sub(target);
        SDVariable loss = diff.mul(diff).mean();
        sd.setLossVariables(loss);
        Nd4j.getRandom().setSeed(5);
        Map<String, INDArray> ph = new java.util.HashMap<>(model.placeholders(
                Nd4j.randn(DataType.FLOAT, 4, config.inChannels(), config.inputSize(), config.inputSize()),
                Nd4j.createFromArray(5L, 250L, 500L, 900L), Nd4j.createFromArray(0L, 1L, 2L, (long) config.nullClass())));
        ph.put("target", Nd4j.randn(DataType.FLOAT, 4, config.outChannels(), config.inputSize(), config.inputSize()));
        List<String> wrt = model.trainableNames();
        Map<String, INDArray> inputs = new java.util.HashMap<>();
        ph.forEach((k, v) -> inputs.put(k, v.dup()));
        Map<String, INDArray> weights = model.weights();
        SameDiffQuiet.createGradFunction(sd);
        OutAndGrad reference = sd.calculateGradientsAndOutputs(ph, List.of(loss.name()), wrt);
        for (int call = 0; call < 4; call++) {
            if (call == 2) {                                         // from here on, pool released buffers
                SessionMemory.install(sd.getFunction(SameDiffGradients.GRAD_FUNCTION), new PooledMemoryMgr(1L << 30));
            }
            OutAndGrad fast = SameDiffGradients.outputsAndGradients(sd, ph, List.of(loss.name()), wrt);
            assertEquals(reference.getOutputs().get(loss.name()), fast.getOutputs().get(loss.name()));
            double norm = 0;
            for (String name : wrt) {
                INDArray want = reference.getGradients().get(name);
                assertEquals(want, fast.getGradients().get(name), block + " call " + call + ": " + name);
                norm += want.norm2Number().doubleValue();
            }
            assertTrue(norm > 0, "gradients must carry signal");
        }
        inputs.forEach((k, v) -> assertEquals(v, ph.get(k), "placeholder " + k + " was overwritten"));
        weights.forEach((k, v) -> assertEquals(v, sd.getArrForVarName(k), "weight " + k + " was overwritten"));
    }
}
