package org.ditjava.onnx;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * ONNX Slice (opset 10+: starts, ends, optional axes and steps as inputs, known at import time).
 * Indices are clamped as the spec says (negative counts from the end; for a negative step the end
 * may reach "before index 0"). Along an axis whose size is only known at run time, only a positive
 * step with non-negative bounds is supported. A negative step is a reverse followed by a positive
 * step: libnd4j's strided_slice crashes (SIGSEGV) on negative strides in M2.1.
 */
final class SliceOp {
    private SliceOp() {
    }

    /** One axis, resolved: begin, end (exclusive; -1 = before index 0), step and result size. */
    private record Range(long begin, long end, long step, Dim size, boolean toEnd) {
    }

    static List<Value> map(NodeContext ctx) {
        Value x = ctx.in(0);
        long[] starts = ctx.longs(1, "starts");
        long[] ends = ctx.longs(2, "ends");
        long[] axes = ctx.has(3) ? ctx.longs(3, "axes") : java.util.stream.LongStream.range(0, starts.length).toArray();
        long[] steps = ctx.has(4) ? ctx.longs(4, "steps") : java.util.stream.LongStream.generate(() -> 1).limit(starts.length).toArray();
        if (ends.length != starts.length || axes.length != starts.length || steps.length != starts.length) {
            throw new NodeException("starts, ends, axes and steps differ in length");
        }
        Range[] ranges = new Range[x.rank()];
        for (int i = 0; i < starts.length; i++) {
            int a = NodeContext.axis(axes[i], x.rank());
            ranges[a] = range(starts[i], ends[i], steps[i], x.dim(a));
        }
        List<Dim> elements = x.elements();
        if (elements != null && x.rank() == 1 && ranges[0] != null && ranges[0].size().isKnown()) {
            List<Dim> picked = new ArrayList<>();
            Range r = ranges[0];
            for (long k = 0, i = r.begin(); k < r.size().value(); k++, i += r.step()) {
                picked.add(elements.get((int) i));
            }
            return List.of(Value.symbolic(picked, false));
        }
        return List.of(strided(ctx, x, ranges));
    }

    private static Value strided(NodeContext ctx, Value x, Range[] ranges) {
        int rank = x.rank();
        long[] begin = new long[rank];
        long[] end = new long[rank];
        long[] stride = new long[rank];
        int beginMask = 0;
        int endMask = 0;
        List<Dim> shape = new ArrayList<>(x.shape());
        List<Integer> reversed = new ArrayList<>();
        for (int a = 0; a < rank; a++) {
            Range r = ranges[a];
            if (r == null) {
                stride[a] = 1;
                beginMask |= 1 << a;
                endMask |= 1 << a;
                continue;
            }
            if (r.step() < 0) {
                long n = x.dim(a).value();
                reversed.add(a);
                r = new Range(n - 1 - r.begin(), n - 1 - r.end(), -r.step(), r.size(), false);
            }
            begin[a] = r.begin();
            end[a] = r.end();
            stride[a] = r.step();
            if (r.toEnd()) {
                endMask |= 1 << a;
            }
            shape.set(a, r.size());
        }
        SDVariable in = ctx.var(0);
        if (!reversed.isEmpty()) {
            in = ctx.sd().reverse(in, reversed.stream().mapToInt(Integer::intValue).toArray());
        }
        return ctx.out(ctx.sd().stridedSlice(in, begin, end, stride, beginMask, endMask, 0, 0, 0), shape);
    }

    private static Range range(long start, long end, long step, Dim dim) {
        if (step == 0) {
            throw new NodeException("a step of 0");
        }
        if (!dim.isKnown()) {
            if (step != 1 || start < 0 || end < 0) {
                throw new NodeException("slicing an axis of size " + dim + " (only known at run time) needs step 1 and non-negative bounds");
            }
            boolean toEnd = end >= Integer.MAX_VALUE;
            Dim size = start == 0 && toEnd ? dim : null;
            return new Range(start, toEnd ? 0 : end, 1, size, toEnd);
        }
        long n = dim.value();
        long s = start < 0 ? start + n : start;
        long e = end < 0 ? end + n : end;
        long size;
        if (step > 0) {
            s = Math.max(0, Math.min(n, s));
            e = Math.max(0, Math.min(n, e));
            size = Math.max(0, (e - s + step - 1) / step);
        } else {
            s = Math.max(0, Math.min(n - 1, s));
            e = Math.max(-1, Math.min(n - 1, e));
            size = Math.max(0, (s - e + (-step) - 1) / (-step));
        }
        return new Range(s, e, step, Dim.of(size), false);
    }
}
