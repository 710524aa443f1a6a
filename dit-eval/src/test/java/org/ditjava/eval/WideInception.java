package org.ditjava.eval;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import onnx.Onnx.GraphProto;
import onnx.Onnx.ModelProto;
import onnx.Onnx.TensorProto;
import onnx.Onnx.TensorShapeProto;
import onnx.Onnx.ValueInfoProto;
import org.nd4j.shade.protobuf.ByteString;

/**
 * Benchmark helper: turns the fixture's widths/16 FID Inception export into a full-width one
 * (pool3 2048, spatial 192 channels: every channel count × 16) with random weights (convolutions
 * He-normal, BatchNorm the identity), the same graph otherwise. Only for timing: the real weights
 * are not downloadable here.
 */
final class WideInception {
    private static final int FACTOR = 16;

    private WideInception() {
    }

    /** Writes the full-width random-weight model derived from {@code reduced} to {@code out}. */
    static void write(Path reduced, Path out, long seed) throws IOException {
        ModelProto m = ModelProto.parseFrom(Files.readAllBytes(reduced));
        GraphProto.Builder g = m.getGraph().toBuilder();
        Random rng = new Random(seed);
        for (int i = 0; i < g.getInitializerCount(); i++) {
            g.setInitializer(i, widen(g.getInitializer(i), rng));
        }
        for (int i = 0; i < g.getOutputCount(); i++) {
            g.setOutput(i, widenOutput(g.getOutput(i)));
        }
        try (OutputStream os = Files.newOutputStream(out)) {
            m.toBuilder().setGraph(g).build().writeTo(os);
        }
    }

    private static TensorProto widen(TensorProto t, Random rng) {
        List<Long> d = t.getDimsList();
        String name = t.getName();
        long[] dims = d.stream().mapToLong(Long::longValue).toArray();
        float[] values;
        if (dims.length == 4) {
            dims[0] *= FACTOR;
            dims[1] *= dims[1] == 3 && name.startsWith("Conv2d_1a") ? 1 : FACTOR;
            values = gaussian(rng, dims, Math.sqrt(2.0 / (dims[1] * dims[2] * dims[3])));
        } else if (name.equals("fc.weight")) {
            dims[1] *= FACTOR;
            values = gaussian(rng, dims, Math.sqrt(1.0 / dims[1]));
        } else if (name.equals("fc.bias")) {
            values = new float[(int) dims[0]];
        } else {
            dims[0] *= FACTOR;
            values = new float[(int) dims[0]];
            if (name.endsWith(".weight") || name.endsWith("running_var")) {
                java.util.Arrays.fill(values, 1f);
            }
        }
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        buf.asFloatBuffer().put(values);
        TensorProto.Builder b = t.toBuilder().clearDims().setRawData(ByteString.copyFrom(buf.array()));
        for (long x : dims) {
            b.addDims(x);
        }
        return b.build();
    }

    private static float[] gaussian(Random rng, long[] dims, double std) {
        long n = 1;
        for (long x : dims) {
            n *= x;
        }
        float[] v = new float[(int) n];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.nextGaussian() * std);
        }
        return v;
    }

    private static ValueInfoProto widenOutput(ValueInfoProto o) {
        if (!o.getName().equals("pool3") && !o.getName().equals("spatial")) {
            return o;
        }
        ValueInfoProto.Builder b = o.toBuilder();
        TensorShapeProto.Builder shape = b.getTypeBuilder().getTensorTypeBuilder().getShapeBuilder();
        TensorShapeProto.Dimension.Builder ch = shape.getDimBuilder(1);
        ch.setDimValue(ch.getDimValue() * FACTOR);
        return b.build();
    }
}
