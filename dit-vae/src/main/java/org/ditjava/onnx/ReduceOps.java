package org.ditjava.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Softmax (opset 13+ semantics: along one axis) and ReduceMean (axes attribute before opset 18, input since). */
final class ReduceOps {
    private ReduceOps() {
    }

    static void register(Map<String, OpMapper> m) {
        m.put("Softmax", ReduceOps::softmax);
        m.put("ReduceMean", ReduceOps::reduceMean);
    }

    private static List<Value> softmax(NodeContext ctx) {
        Value x = ctx.in(0);
        long given = ctx.attrs().getInt("axis", ctx.opset() < 13 ? 1 : -1);
        int axis = NodeContext.axis(given, x.rank());
        if (ctx.opset() < 13 && axis != x.rank() - 1) {
            throw new NodeException("Softmax before opset 13 flattens from the axis on; only the last axis is supported, got " + given);
        }
        return List.of(ctx.out(ctx.sd().nn().softmax(ctx.var(0), axis), x.shape()));
    }

    private static List<Value> reduceMean(NodeContext ctx) {
        Value x = ctx.in(0);
        boolean keep = ctx.attrs().getInt("keepdims", 1) != 0;
        long[] given = ctx.opset() < 18 ? ctx.attrs().getInts("axes", null) : ctx.has(1) ? ctx.longs(1, "axes") : null;
        if ((given == null || given.length == 0) && ctx.attrs().getInt("noop_with_empty_axes", 0) != 0) {
            return List.of(x);
        }
        int[] axes = given == null || given.length == 0 ? IntStream.range(0, x.rank()).toArray() : NodeContext.axes(given, x.rank());
        List<Dim> shape = new ArrayList<>();
        for (int i = 0; i < x.rank(); i++) {
            final int axis = i;
            boolean reduced = IntStream.of(axes).anyMatch(a -> a == axis);
            if (!reduced) {
                shape.add(x.dim(i));
            } else if (keep) {
                shape.add(Dim.of(1));
            }
        }
        return List.of(ctx.out(ctx.sd().mean(ctx.var(0), keep, axes), shape));
    }
}
