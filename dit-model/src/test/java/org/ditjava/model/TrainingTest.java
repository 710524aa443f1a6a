package org.ditjava.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Every block design trains: from the official init, Adam (the paper's AdamW without weight decay)
 * fits a fixed batch to a fixed target with SameDiff's own {@code fit}, and the MSE falls.
 */
class TrainingTest {
    private static final int STEPS = 30;

    @ParameterizedTest
    @EnumSource(BlockType.class)
    void lossFallsOnAFixedBatch(BlockType block) {
        DiTConfig config = TinyConfigs.tiny(block);
        DiTModel model = DiTModel.initialized(config, 1, DataType.FLOAT);
        DiTGraph g = model.graph();
        SameDiff sd = g.sd();
        SDVariable target = sd.placeHolder("target", DataType.FLOAT, -1, config.outChannels(),
                config.inputSize(), config.inputSize());
        SDVariable diff = g.out().sub(target);
        SDVariable loss = diff.mul(diff).mean();
        sd.setLossVariables(loss);
        sd.setTrainingConfig(TrainingConfig.builder()
                .updater(new Adam(3e-3))
                .dataSetFeatureMapping(g.x().name(), g.t().name(), g.y().name())
                .dataSetLabelMapping(target.name())
                .build());
        SameDiffQuiet.createGradFunction(sd);

        Nd4j.getRandom().setSeed(17);
        INDArray x = Nd4j.randn(DataType.FLOAT, 4, config.inChannels(), config.inputSize(), config.inputSize());
        INDArray goal = Nd4j.randn(DataType.FLOAT, 4, config.outChannels(), config.inputSize(), config.inputSize());
        Map<String, INDArray> ph = model.placeholders(x, Nd4j.createFromArray(5L, 250L, 500L, 900L),
                Nd4j.createFromArray(0L, 1L, 2L, (long) config.nullClass()));
        MultiDataSet batch = new MultiDataSet(
                new INDArray[] {ph.get(g.x().name()), ph.get(g.t().name()), ph.get(g.y().name())},
                new INDArray[] {goal});
        double before = lossOf(sd, ph, goal, loss);
        for (int i = 0; i < STEPS; i++) {
            sd.fit(batch);
        }
        double after = lossOf(sd, ph, goal, loss);
        System.out.printf("training %s: MSE %.4f -> %.4f after %d Adam steps%n", block.cliName(), before, after, STEPS);
        assertTrue(after < 0.8 * before, block + ": loss " + before + " -> " + after);
    }

    private static double lossOf(SameDiff sd, Map<String, INDArray> ph, INDArray goal, SDVariable loss) {
        Map<String, INDArray> all = new java.util.HashMap<>(ph);
        all.put("target", goal);
        return sd.output(all, loss.name()).get(loss.name()).getDouble(0);
    }
}
