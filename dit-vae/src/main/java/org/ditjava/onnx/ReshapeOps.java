package org.ditjava.onnx;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * Reshape (with {@code 0} = copy and {@code allowzero}, opset 14), Flatten and Transpose (ONNX
 * operator spec). Targets with symbolic sizes are resolved at import time where the symbols
 * cancel (see {@link Shapes#reshapeTarget}); otherwise the target is computed at run time.
 * Deviation: a target that is only known at run time (not a function of shapes) is passed to
 * SameDiff as is, so a {@code 0} in it is not read as "copy".
 */
final class ReshapeOps {
    private ReshapeOps() {
    }

    static void register(Map<String, OpMapper> m) {
        m.put("Reshape", ReshapeOps::reshape);
        m.put("Flatten", ReshapeOps::flatten);
        m.put("Transpose", ReshapeOps::transpose);
    }

    private static List<Value> reshape(NodeContext ctx) {
        Value x = ctx.in(0);
        Value target = ctx.in(1);
        boolean allowZero = ctx.attrs().getInt("allowzero", 0) != 0;
        if (target.elements() == null) {
            if (target.rank() != 1 || !target.dim(0).isKnown()) {
                throw new NodeException("the Reshape target must be a vector of known length, got " + target);
            }
            List<Dim> unknown = new ArrayList<>(Collections.nCopies((int) target.dim(0).value(), (Dim) null));
            return List.of(ctx.out(ctx.sd().reshape(ctx.var(0), ctx.var(1)), unknown));
        }
        List<Dim> shape = Shapes.reshapeTarget(x.shape(), target.elements(), allowZero);
        return List.of(ctx.out(Shapes.reshape(ctx, ctx.var(0), shape), shape));
    }

    private static List<Value> flatten(NodeContext ctx) {
        Value x = ctx.in(0);
        long a = ctx.attrs().getInt("axis", 1);
        int axis = (int) (a < 0 ? a + x.rank() : a);
        if (axis < 0 || axis > x.rank()) {
            throw new NodeException("axis " + a + " is out of range for rank " + x.rank());
        }
        List<Dim> shape = List.of(Dim.product(x.shape().subList(0, axis)), Dim.product(x.shape().subList(axis, x.rank())));
        return List.of(ctx.out(Shapes.reshape(ctx, ctx.var(0), shape), shape));
    }

    private static List<Value> transpose(NodeContext ctx) {
        Value x = ctx.in(0);
        long[] given = ctx.attrs().getInts("perm", null);
        int[] perm = given == null
                ? IntStream.range(0, x.rank()).map(i -> x.rank() - 1 - i).toArray()
                : java.util.Arrays.stream(given).mapToInt(p -> NodeContext.axis(p, x.rank())).toArray();
        if (perm.length != x.rank() || IntStream.of(perm).distinct().count() != perm.length) {
            throw new NodeException("perm " + java.util.Arrays.toString(perm) + " is not a permutation of rank " + x.rank());
        }
        if (x.rank() <= 1) {
            return List.of(x);
        }
        List<Dim> shape = IntStream.of(perm).mapToObj(x::dim).toList();
        SDVariable v = ctx.sd().permute(ctx.var(0), perm);
        return List.of(ctx.out(v, shape));
    }
}
