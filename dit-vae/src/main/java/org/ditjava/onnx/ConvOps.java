package org.ditjava.onnx;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.enums.PadMode;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2-D Conv (NCHW, weights OIHW, {@code group} 1) and Pad (ONNX operator spec). Asymmetric
 * padding, which SameDiff's conv2d cannot express, becomes an explicit Pad in front of it.
 */
final class ConvOps {
    private ConvOps() {
    }

    static void register(Map<String, OpMapper> m) {
        m.put("Conv", ConvOps::conv);
        m.put("Pad", ConvOps::pad);
    }

    private static List<Value> conv(NodeContext ctx) {
        Value x = ctx.in(0);
        Value w = ctx.in(1);
        if (x.rank() != 4 || w.rank() != 4) {
            throw new NodeException("only 2-D convolution (rank-4 input and weight) is supported, got input " + x + ", weight " + w);
        }
        if (!w.shape().stream().allMatch(Dim::isKnown)) {
            throw new NodeException("the weight shape must be known at import time, got " + w.shape());
        }
        long group = ctx.attrs().getInt("group", 1);
        if (group != 1) {
            throw new NodeException("group=" + group + " is not supported (only 1)");
        }
        if (x.dim(1).isKnown() && x.dim(1).value() != w.dim(1).value()) {
            throw new NodeException("input has " + x.dim(1) + " channels, the weight expects " + w.dim(1));
        }
        long[] kernel = {w.dim(2).value(), w.dim(3).value()};
        long[] given = ctx.attrs().getInts("kernel_shape", kernel);
        if (!Arrays.equals(given, kernel)) {
            throw new NodeException("kernel_shape " + Arrays.toString(given) + " differs from the weight's " + Arrays.toString(kernel));
        }
        Window win = Window.of(ctx, x, kernel, ctx.attrs().getInts("dilations", new long[] {1, 1}));
        SDVariable in = win.padAsymmetric(ctx, ctx.var(0), 0.0);
        Conv2DConfig cfg = Conv2DConfig.builder()
                .kH(kernel[0]).kW(kernel[1]).sH(win.strides()[0]).sW(win.strides()[1])
                .pH(win.symmetricPad(0)).pW(win.symmetricPad(1)).dH(win.dilations()[0]).dW(win.dilations()[1])
                .weightsFormat(WeightsFormat.OIYX).dataFormat(Conv2DConfig.NCHW).build();
        SDVariable y = ctx.has(2) ? ctx.sd().cnn().conv2d(in, ctx.var(1), ctx.var(2), cfg) : ctx.sd().cnn().conv2d(in, ctx.var(1), cfg);
        List<Dim> shape = Arrays.asList(x.dim(0), w.dim(0), win.outSize(0), win.outSize(1));
        return List.of(ctx.out(y, shape));
    }

    private static List<Value> pad(NodeContext ctx) {
        Value x = ctx.in(0);
        String mode = ctx.attrs().getString("mode", "constant");
        PadMode padMode = switch (mode) {
            case "constant" -> PadMode.CONSTANT;
            case "reflect" -> PadMode.REFLECT;
            default -> throw new NodeException("mode '" + mode + "' is not supported (constant, reflect)");
        };
        long[] pads;
        double value = 0;
        long[] axes = null;
        if (ctx.opset() < 11) {
            pads = ctx.attrs().getInts("pads", null);
            value = ctx.attrs().getFloat("value", 0f);
        } else {
            pads = ctx.longs(1, "pads");
            if (ctx.has(2)) {
                value = ctx.constant(2, "constant_value").getDouble(0);
            }
            if (ctx.has(3)) {
                axes = ctx.longs(3, "axes");
            }
        }
        int[] ax = axes == null ? java.util.stream.IntStream.range(0, x.rank()).toArray()
                : Arrays.stream(axes).mapToInt(a -> NodeContext.axis(a, x.rank())).toArray();
        if (pads == null || pads.length != 2 * ax.length) {
            throw new NodeException("pads " + Arrays.toString(pads) + " must hold a begin and an end for each of " + ax.length + " axes");
        }
        long[][] full = new long[x.rank()][2];
        for (int i = 0; i < ax.length; i++) {
            full[ax[i]][0] = pads[i];
            full[ax[i]][1] = pads[i + ax.length];
        }
        return List.of(ctx.out(pad(ctx, ctx.var(0), full, padMode, value), padded(x.shape(), full)));
    }

    /** Pads {@code x} by {@code pads[axis] = {begin, end}} (non-negative). */
    static SDVariable pad(NodeContext ctx, SDVariable x, long[][] pads, PadMode mode, double value) {
        boolean any = false;
        for (long[] p : pads) {
            if (p[0] < 0 || p[1] < 0) {
                throw new NodeException("negative pads (cropping) are not supported: " + Arrays.deepToString(pads));
            }
            any |= p[0] != 0 || p[1] != 0;
        }
        if (!any) {
            return x;
        }
        return ctx.sd().nn().pad(x, ctx.constant("pads", Nd4j.createFromArray(pads)), mode, value);
    }

    static List<Dim> padded(List<Dim> shape, long[][] pads) {
        List<Dim> out = new ArrayList<>();
        for (int a = 0; a < shape.size(); a++) {
            long extra = pads[a][0] + pads[a][1];
            Dim d = shape.get(a);
            out.add(extra == 0 ? d : d.isKnown() ? Dim.of(d.value() + extra) : null);
        }
        return out;
    }
}
