package org.ditjava.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Shape, Gather, Unsqueeze, Squeeze, Concat, Slice and Cast (ONNX operator spec). On integer
 * vectors known at import time, symbols included, they are evaluated at import time: this resolves
 * torch's {@code Shape → Gather → Unsqueeze → Concat → Reshape} chains without run-time shape ops.
 */
final class ShapeOps {
    private ShapeOps() {
    }

    static void register(Map<String, OpMapper> m) {
        m.put("Shape", ShapeOps::shape);
        m.put("Gather", ShapeOps::gather);
        m.put("Unsqueeze", ShapeOps::unsqueeze);
        m.put("Squeeze", ShapeOps::squeeze);
        m.put("Concat", ShapeOps::concat);
        m.put("Slice", SliceOp::map);
        m.put("Cast", ShapeOps::cast);
    }

    private static List<Value> shape(NodeContext ctx) {
        List<Dim> dims = ctx.in(0).shape();
        int rank = dims.size();
        int start = (int) clamp(ctx.attrs().getInt("start", 0), rank);
        int end = (int) clamp(ctx.attrs().getInt("end", rank), rank);
        return List.of(Value.symbolic(dims.subList(start, Math.max(start, end)), false));
    }

    private static long clamp(long i, int rank) {
        long a = i < 0 ? i + rank : i;
        return Math.max(0, Math.min(rank, a));
    }

    private static List<Value> gather(NodeContext ctx) {
        Value data = ctx.in(0);
        Value indices = ctx.in(1);
        int axis = NodeContext.axis(ctx.attrs().getInt("axis", 0), data.rank());
        List<Dim> elements = data.elements();
        if (elements != null && indices.isConstant() && indices.rank() <= 1) {
            List<Dim> picked = new ArrayList<>();
            for (long i : ctx.longs(1, "indices")) {
                picked.add(elements.get((int) index(i, Dim.of(elements.size()))));
            }
            return List.of(Value.symbolic(picked, indices.isScalar()));
        }
        SDVariable idx;
        if (indices.isConstant()) {
            INDArray raw = indices.constant().castTo(DataType.INT64);
            INDArray norm = raw.dup();
            for (long k = 0; k < raw.length(); k++) {
                norm.putScalar(k, index(raw.getLong(k), data.dim(axis)));
            }
            idx = ctx.constant("indices", norm);
        } else {
            idx = ctx.var(1);
        }
        List<Dim> shape = new ArrayList<>(data.shape().subList(0, axis));
        shape.addAll(indices.shape());
        shape.addAll(data.shape().subList(axis + 1, data.rank()));
        return List.of(ctx.out(ctx.sd().gather(ctx.var(0), idx, axis), shape));
    }

    /** A Gather index with negative values counted from the end of {@code dim}. */
    private static long index(long i, Dim dim) {
        if (i >= 0) {
            if (dim.isKnown() && i >= dim.value()) {
                throw new NodeException("index " + i + " is out of range for a dimension of size " + dim);
            }
            return i;
        }
        if (!dim.isKnown()) {
            throw new NodeException("negative index " + i + " on a dimension only known at run time");
        }
        if (i + dim.value() < 0) {
            throw new NodeException("index " + i + " is out of range for a dimension of size " + dim);
        }
        return i + dim.value();
    }

    /** The axes of Unsqueeze/Squeeze: an attribute before opset 13, an (optional) input since. */
    private static long[] axesOf(NodeContext ctx, boolean required) {
        if (ctx.opset() < 13 || ctx.attrs().has("axes")) {
            long[] a = ctx.attrs().getInts("axes", null);
            if (a == null && required) {
                throw new NodeException("the axes attribute is required");
            }
            return a;
        }
        return ctx.has(1) ? ctx.longs(1, "axes") : null;
    }

    private static List<Value> unsqueeze(NodeContext ctx) {
        Value x = ctx.in(0);
        int[] axes = NodeContext.axes(axesOf(ctx, true), x.rank() + axesOf(ctx, true).length);
        if (x.elements() != null && x.isScalar() && axes.length == 1) {
            return List.of(Value.symbolic(x.elements(), false));
        }
        List<Dim> shape = new ArrayList<>(x.shape());
        SDVariable v = ctx.var(0);
        for (int a : axes) {
            shape.add(a, Dim.of(1));
            v = ctx.sd().expandDims(v, a);
        }
        return List.of(ctx.out(v, shape));
    }

    private static List<Value> squeeze(NodeContext ctx) {
        Value x = ctx.in(0);
        long[] given = axesOf(ctx, false);
        int[] axes;
        if (given == null) {
            if (!x.shape().stream().allMatch(Dim::isKnown)) {
                throw new NodeException("Squeeze without axes needs every dimension known at import time, got " + x.shape());
            }
            axes = java.util.stream.IntStream.range(0, x.rank()).filter(i -> x.dim(i).isKnown(1)).toArray();
        } else {
            axes = NodeContext.axes(given, x.rank());
        }
        for (int a : axes) {
            if (x.dim(a).isKnown() && !x.dim(a).isKnown(1)) {
                throw new NodeException("cannot squeeze axis " + a + " of size " + x.dim(a));
            }
        }
        if (x.elements() != null && x.rank() == 1 && axes.length == 1) {
            return List.of(Value.symbolic(x.elements(), true));
        }
        List<Dim> shape = new ArrayList<>(x.shape());
        SDVariable v = ctx.var(0);
        for (int i = axes.length - 1; i >= 0; i--) {
            shape.remove(axes[i]);
            v = ctx.sd().squeeze(v, axes[i]);
        }
        return List.of(ctx.out(v, shape));
    }

    private static List<Value> concat(NodeContext ctx) {
        int n = ctx.node().getInputCount();
        Value first = ctx.in(0);
        int axis = NodeContext.axis(ctx.attrs().getInt("axis", Long.MIN_VALUE), first.rank());
        List<Dim> all = new ArrayList<>();
        boolean symbolic = first.rank() == 1;
        for (int i = 0; i < n; i++) {
            List<Dim> e = ctx.in(i).elements();
            symbolic &= e != null && ctx.in(i).rank() == 1;
            if (e != null) {
                all.addAll(e);
            }
        }
        if (symbolic) {
            return List.of(Value.symbolic(all, false));
        }
        List<SDVariable> parts = new ArrayList<>();
        Dim total = Dim.of(0);
        boolean known = true;
        for (int i = 0; i < n; i++) {
            Value v = ctx.in(i);
            if (v.rank() != first.rank() || v.dtype() != first.dtype()) {
                throw new NodeException("input #" + i + " " + v + " does not match input #0 " + first);
            }
            if (v.dim(axis).isKnown(0)) {
                continue;
            }
            known &= v.dim(axis).isKnown();
            total = known ? Dim.of(total.value() + v.dim(axis).value()) : total;
            parts.add(ctx.var(i));
        }
        List<Dim> shape = new ArrayList<>(first.shape());
        shape.set(axis, known ? total : null);
        SDVariable out = parts.size() == 1 ? ctx.sd().identity(parts.get(0))
                : ctx.sd().concat(axis, parts.toArray(new SDVariable[0]));
        return List.of(ctx.out(out, shape));
    }

    private static List<Value> cast(NodeContext ctx) {
        DataType to = TensorProtos.dataType((int) ctx.attrs().getInt("to", -1));
        Value x = ctx.in(0);
        if (x.dtype() == to) {
            return List.of(x);
        }
        if (x.elements() != null && !x.isConstant() && to == DataType.INT64) {
            return List.of(Value.symbolic(x.elements(), x.isScalar()));
        }
        return List.of(ctx.out(ctx.sd().castTo(ctx.var(0), to), to, x.shape()));
    }
}
