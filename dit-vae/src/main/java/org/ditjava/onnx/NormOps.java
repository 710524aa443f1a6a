package org.ditjava.onnx;

import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * BatchNormalization (inference), InstanceNormalization and GroupNormalization (ONNX operator
 * spec), composed from mean / subtract / square / rsqrt with the node's own epsilon: SameDiff's
 * built-in normalisations use a fixed epsilon. GroupNormalization accepts the opset-18 per-group
 * scale and bias (expanded to channels here) and the opset-21 per-channel ones.
 */
final class NormOps {
    private NormOps() {
    }

    static void register(Map<String, OpMapper> m) {
        m.put("BatchNormalization", NormOps::batchNorm);
        m.put("InstanceNormalization", NormOps::instanceNorm);
        m.put("GroupNormalization", NormOps::groupNorm);
    }

    /**
     * y = (x − mean) / sqrt(var + ε) · γ + β with the running statistics, folded on the host in
     * float64 into one scale and one shift per channel.
     */
    private static List<Value> batchNorm(NodeContext ctx) {
        Value x = ctx.in(0);
        if (ctx.attrs().getInt("training_mode", 0) != 0) {
            throw new NodeException("training_mode=1 is not supported (inference only)");
        }
        for (int i = 1; i < ctx.node().getOutputCount(); i++) {
            if (!ctx.node().getOutput(i).isEmpty()) {
                throw new NodeException("the running-statistics outputs are not supported (inference only)");
            }
        }
        double eps = ctx.attrs().getFloat("epsilon", 1e-5f);
        INDArray gamma = ctx.constant(1, "scale").castTo(DataType.DOUBLE);
        INDArray beta = ctx.constant(2, "B").castTo(DataType.DOUBLE);
        INDArray mean = ctx.constant(3, "input_mean").castTo(DataType.DOUBLE);
        INDArray var = ctx.constant(4, "input_var").castTo(DataType.DOUBLE);
        long c = gamma.length();
        requireChannels(x, c);
        INDArray scale = gamma.div(Transforms.sqrt(var.add(eps), true));
        INDArray shift = beta.sub(mean.mul(scale));
        long[] shape = Shapes.channelShape(c, x.rank());
        String base = ctx.node().getInput(1);
        SDVariable y = ctx.var(0).mul(ctx.constant(base + ".folded_scale", scale.castTo(x.dtype()).reshape(shape)))
                .add(ctx.constant(base + ".folded_shift", shift.castTo(x.dtype()).reshape(shape)));
        return List.of(ctx.out(y, x.shape()));
    }

    /** Per sample and channel over the spatial axes: y = (x − μ) / sqrt(σ² + ε) · scale + B. */
    private static List<Value> instanceNorm(NodeContext ctx) {
        Value x = ctx.in(0);
        if (x.rank() < 3) {
            throw new NodeException("InstanceNormalization needs a rank-3 or higher input, got " + x);
        }
        double eps = ctx.attrs().getFloat("epsilon", 1e-5f);
        int[] axes = IntStream.range(2, x.rank()).toArray();
        SDVariable y = normalize(ctx, ctx.var(0), axes, eps);
        y = affine(ctx, x, y, ctx.in(1), ctx.in(2));
        return List.of(ctx.out(y, x.shape()));
    }

    private static List<Value> groupNorm(NodeContext ctx) {
        Value x = ctx.in(0);
        long groups = ctx.attrs().getInt("num_groups", -1);
        if (x.rank() < 3 || groups <= 0) {
            throw new NodeException("GroupNormalization needs a rank-3 or higher input and num_groups > 0, got " + x + ", " + groups);
        }
        if (!x.dim(1).isKnown() || x.dim(1).value() % groups != 0) {
            throw new NodeException("the channel count " + x.dim(1) + " must be known and divisible by num_groups " + groups);
        }
        double eps = ctx.attrs().getFloat("epsilon", 1e-5f);
        List<Dim> grouped = List.of(x.dim(0), Dim.of(groups),
                Dim.product(x.shape().subList(1, x.rank())).dividedBy(Dim.of(groups)).orElseThrow());
        SDVariable g = Shapes.reshape(ctx, ctx.var(0), grouped);
        SDVariable y = Shapes.reshape(ctx, normalize(ctx, g, new int[] {2}, eps), x.shape());
        y = affine(ctx, x, y, ctx.in(1), ctx.in(2));
        return List.of(ctx.out(y, x.shape()));
    }

    /** (x − mean) · rsqrt(mean((x − mean)²) + ε) over {@code axes} (two passes, biased variance). */
    static SDVariable normalize(NodeContext ctx, SDVariable x, int[] axes, double eps) {
        SDVariable centred = x.sub(ctx.sd().mean(x, true, axes));
        SDVariable var = ctx.sd().mean(ctx.sd().math().square(centred), true, axes);
        return centred.mul(ctx.sd().math().rsqrt(var.add(eps)));
    }

    /**
     * y · scale + bias per channel (axis 1); a parameter with fewer values than channels (per-group
     * parameters) is repeated to one per channel. Skipped, with no constant added to the graph, for a
     * constant unit scale / zero bias (the parameters are still checked).
     */
    private static SDVariable affine(NodeContext ctx, Value x, SDVariable y, Value scale, Value bias) {
        long c = x.dim(1).isKnown() ? x.dim(1).value() : scale.dim(0).value();
        requireChannels(x, c);
        checkPerChannel(scale, c, "scale");
        checkPerChannel(bias, c, "bias");
        if (!constantEqualTo(scale, 1)) {
            y = y.mul(perChannel(ctx, scale, c, x.rank(), "scale"));
        }
        if (!constantEqualTo(bias, 0)) {
            y = y.add(perChannel(ctx, bias, c, x.rank(), "bias"));
        }
        return y;
    }

    private static boolean constantEqualTo(Value p, double v) {
        return p.isConstant() && p.constant().minNumber().doubleValue() == v && p.constant().maxNumber().doubleValue() == v;
    }

    /** A vector of known length with one value per channel, or a constant whose length divides the channels. */
    private static void checkPerChannel(Value p, long channels, String what) {
        if (p.rank() != 1 || !p.dim(0).isKnown()) {
            throw new NodeException(what + " must be a vector of known length, got " + p);
        }
        long n = p.dim(0).value();
        if (n != channels && (channels % n != 0 || !p.isConstant())) {
            throw new NodeException(what + " has " + n + " values for " + channels + " channels");
        }
    }

    private static SDVariable perChannel(NodeContext ctx, Value p, long channels, int rank, String what) {
        long n = p.dim(0).value();
        long[] shape = Shapes.channelShape(channels, rank);
        if (n == channels) {
            return p.isConstant() ? ctx.constant(what, p.constant().reshape(shape)) : ctx.sd().reshape(ctx.var(p), shape);
        }
        long repeat = channels / n;
        INDArray v = p.constant();
        INDArray expanded = Nd4j.create(v.dataType(), channels);
        for (long i = 0; i < channels; i++) {
            expanded.putScalar(i, v.getDouble(i / repeat));
        }
        return ctx.constant(what + "_per_channel", expanded.reshape(shape));
    }

    private static void requireChannels(Value x, long c) {
        if (x.dim(1).isKnown() && x.dim(1).value() != c) {
            throw new NodeException("the input has " + x.dim(1) + " channels, the parameters " + c);
        }
    }
}
