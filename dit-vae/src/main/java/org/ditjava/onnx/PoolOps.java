package org.ditjava.onnx;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;

/**
 * MaxPool, AveragePool and GlobalAveragePool on NCHW input (ONNX operator spec).
 *
 * <p>AveragePool's {@code count_include_pad} (default 0: border windows divide by the number of
 * real pixels, what Inception's pools need) maps to the {@code extra} argument of libnd4j's
 * avgpool2d (0 = exclude padding, 1 = include); M2.1 ignores {@code Pooling2DConfig.divisor}.
 * Max pooling pads with −∞ (padding never wins).
 */
final class PoolOps {
    private PoolOps() {
    }

    static void register(Map<String, OpMapper> m) {
        m.put("MaxPool", ctx -> pool(ctx, true));
        m.put("AveragePool", ctx -> pool(ctx, false));
        m.put("GlobalAveragePool", PoolOps::globalAverage);
    }

    private static List<Value> pool(NodeContext ctx, boolean max) {
        Value x = ctx.in(0);
        if (x.rank() != 4) {
            throw new NodeException("only 2-D pooling (rank-4 NCHW input) is supported, got " + x);
        }
        if (ctx.node().getOutputCount() > 1 && !ctx.node().getOutput(1).isEmpty()) {
            throw new NodeException("the Indices output of MaxPool is not supported");
        }
        long[] kernel = ctx.attrs().getInts("kernel_shape", null);
        if (kernel == null) {
            throw new NodeException("kernel_shape is required");
        }
        long[] dilations = ctx.attrs().getInts("dilations", new long[] {1, 1});
        if (!max && (dilations[0] != 1 || dilations[1] != 1)) {
            throw new NodeException("AveragePool with dilations is not supported");
        }
        Window win = Window.of(ctx, x, kernel, dilations);
        boolean includePad = ctx.attrs().getInt("count_include_pad", 0) != 0;
        if (!max && !win.symmetric() && !includePad) {
            throw new NodeException("AveragePool with asymmetric pads (or ceil_mode) and count_include_pad=0 is not supported");
        }
        SDVariable in = win.padAsymmetric(ctx, ctx.var(0), max ? Double.NEGATIVE_INFINITY : 0.0);
        Pooling2DConfig cfg = Pooling2DConfig.builder()
                .kH(kernel[0]).kW(kernel[1]).sH(win.strides()[0]).sW(win.strides()[1])
                .pH(win.symmetricPad(0)).pW(win.symmetricPad(1)).dH(dilations[0]).dW(dilations[1])
                .type(max ? Pooling2D.Pooling2DType.MAX : Pooling2D.Pooling2DType.AVG)
                .extra(includePad ? 1 : 0).isNHWC(false).build();
        SDVariable y = max ? ctx.sd().cnn().maxPooling2d(in, cfg) : ctx.sd().cnn().avgPooling2d(in, cfg);
        return List.of(ctx.out(y, java.util.Arrays.asList(x.dim(0), x.dim(1), win.outSize(0), win.outSize(1))));
    }

    private static List<Value> globalAverage(NodeContext ctx) {
        Value x = ctx.in(0);
        if (x.rank() < 3) {
            throw new NodeException("GlobalAveragePool needs a rank-3 or higher input, got " + x);
        }
        int[] axes = java.util.stream.IntStream.range(2, x.rank()).toArray();
        List<Dim> shape = new java.util.ArrayList<>(x.shape());
        for (int a : axes) {
            shape.set(a, Dim.of(1));
        }
        return List.of(ctx.out(ctx.sd().mean(ctx.var(0), true, axes), shape));
    }
}
