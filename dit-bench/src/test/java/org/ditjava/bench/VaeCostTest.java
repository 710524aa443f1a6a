package org.ditjava.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Set;
import onnx.Onnx.ModelProto;
import org.ditjava.onnx.OnnxGraph;
import org.ditjava.onnx.OnnxImporter;
import org.ditjava.vae.bench.SdVaeOnnxWriter;
import org.junit.jupiter.api.Test;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.internal.SameDiffOp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.OpContext;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/** VaeCost against the MACs of the convolutions and products the imported graph actually executes. */
class VaeCostTest {
    private static final int[] NARROW = {32, 64};

    @Test
    void decoderCountMatchesTheExecutedGraph() throws Exception {
        ModelProto m = SdVaeOnnxWriter.decoder(NARROW, 1, 4, 14, 3);
        long counted = executedMacs(m, Nd4j.randn(DataType.FLOAT, 1, 4, 4, 6));
        assertEquals(VaeCost.decoder(NARROW, 1, 4, 4, 6), counted);
    }

    @Test
    void encoderCountMatchesTheExecutedGraph() throws Exception {
        ModelProto m = SdVaeOnnxWriter.encoder(NARROW, 1, 4, 14, 3);
        long counted = executedMacs(m, Nd4j.randn(DataType.FLOAT, 1, 3, 8, 12));
        assertEquals(VaeCost.encoder(NARROW, 1, 4, 8, 12), counted);
    }

    @Test
    void specRejectsSizesTheEncoderCannotTakeAndParsesPhases() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new VaeBenchSpec(1, 100, 0, 1, Set.of(VaeBenchSpec.Phase.DECODE), 0, 0, false));
        assertTrue(e.getMessage().contains("multiple of 8") && e.getMessage().contains("100"), e.getMessage());
        assertEquals(VaeBenchSpec.Phase.DECODE, VaeBenchSpec.Phase.parse("decode"));
        assertEquals(VaeBenchSpec.Phase.ENCODE, VaeBenchSpec.Phase.parse(" vae_encode"));
        assertThrows(IllegalArgumentException.class, () -> VaeBenchSpec.Phase.parse("train"));
        assertEquals(EnumSet.allOf(VaeBenchSpec.Phase.class), new VaeBenchSpec(8, 256, 1, 1,
                EnumSet.allOf(VaeBenchSpec.Phase.class), 0, 0, false).phases());
    }

    /** Runs the graph once; MACs of every conv2d (output × Cin·k²) and matmul (output × K). */
    private static long executedMacs(ModelProto model, INDArray input) throws Exception {
        OnnxGraph g = OnnxImporter.importModel(model, "test");
        long[] macs = {0};
        g.sameDiff().addListeners(new BaseListener() {
            @Override
            public boolean isActive(Operation operation) {
                return true;
            }

            @Override
            public void opExecution(SameDiff sd, At at, MultiDataSet batch, SameDiffOp op, OpContext ctx, INDArray[] out) {
                String name = op.getOp().opName();
                if (name.equals("conv2d")) {
                    INDArray w = ctx.getInputArrays().get(1);
                    macs[0] += out[0].length() * (w.length() / out[0].size(1));
                } else if (name.equals("matmul")) {
                    long n = out[0].size(out[0].rank() - 1);
                    macs[0] += ctx.getInputArrays().get(0).length() * n;   // = output × K, whatever the transposes
                }
            }
        });
        g.run(input);
        return macs[0];
    }
}
