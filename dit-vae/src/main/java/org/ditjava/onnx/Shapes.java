package org.ditjava.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.nd4j.autodiff.samediff.SDVariable;

/** Import-time shape arithmetic: numpy broadcasting and ONNX Reshape targets. */
final class Shapes {
    private Shapes() {
    }

    /** The numpy/ONNX multidirectional broadcast of two shapes ({@code null} = only known at run time). */
    static List<Dim> broadcast(List<Dim> a, List<Dim> b) {
        int rank = Math.max(a.size(), b.size());
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < rank; i++) {
            Dim x = i < rank - a.size() ? Dim.of(1) : a.get(i - (rank - a.size()));
            Dim y = i < rank - b.size() ? Dim.of(1) : b.get(i - (rank - b.size()));
            out.add(broadcast(x, y));
        }
        return out;
    }

    private static Dim broadcast(Dim x, Dim y) {
        if (x.equals(y) || y.isKnown(1)) {
            return x;
        }
        if (x.isKnown(1)) {
            return y;
        }
        if (x.isKnown() && y.isKnown()) {
            throw new NodeException("shapes cannot be broadcast: " + x + " vs " + y);
        }
        return x.isKnown() ? x : y.isKnown() ? y : null;
    }

    /**
     * The output shape of ONNX Reshape: {@code 0} copies the input dimension (unless
     * {@code allowZero}), one {@code -1} takes the rest. A {@code -1} that is not a monomial of the
     * input's dimensions is returned as {@code null} (resolved at run time).
     */
    static List<Dim> reshapeTarget(List<Dim> input, List<Dim> target, boolean allowZero) {
        List<Dim> out = new ArrayList<>();
        int inferred = -1;
        for (int i = 0; i < target.size(); i++) {
            Dim t = target.get(i);
            if (t.isKnown(0) && !allowZero) {
                if (i >= input.size()) {
                    throw new NodeException("Reshape target " + target + " copies dimension " + i + " of a rank-" + input.size() + " input");
                }
                out.add(input.get(i));
            } else if (t.isKnown(-1)) {
                if (inferred >= 0) {
                    throw new NodeException("Reshape target " + target + " has more than one -1");
                }
                inferred = i;
                out.add(null);
            } else if (t.isKnown() && t.value() < 0) {
                throw new NodeException("Reshape target " + target + " has a negative size");
            } else {
                out.add(t);
            }
        }
        Dim total = Dim.product(input);
        Dim rest = Dim.product(out.stream().filter(d -> d != null).toList());
        if (inferred >= 0) {
            Optional<Dim> q = total.dividedBy(rest);
            out.set(inferred, q.orElse(null));
            if (q.isEmpty() && total.isKnown() && rest.isKnown()) {
                throw new NodeException("cannot reshape " + input + " (" + total + " elements) to " + target);
            }
        } else if (total.isKnown() && rest.isKnown() && total.value() != rest.value()) {
            throw new NodeException("cannot reshape " + input + " to " + target + ": element counts differ");
        }
        return out;
    }

    /**
     * Reshapes to {@code dims} ({@code null} = resolved at run time): a static shape with at most one
     * -1 when at most one dimension is not known, otherwise a shape computed at run time.
     */
    static SDVariable reshape(NodeContext ctx, SDVariable x, List<Dim> dims) {
        long unknown = dims.stream().filter(d -> d == null || !d.isKnown()).count();
        if (unknown <= 1) {
            long[] shape = dims.stream().mapToLong(d -> d == null ? -1 : d.orMinusOne()).toArray();
            return ctx.sd().reshape(x, shape);
        }
        List<Dim> withMinusOne = dims.stream().map(d -> d == null ? Dim.of(-1) : d).toList();
        return ctx.sd().reshape(x, ctx.shapeVector(withMinusOne));
    }

    /** The rank-{@code rank} shape {@code [1, …, 1, c, 1, …]} that puts a per-channel vector on axis 1. */
    static long[] channelShape(long channels, int rank) {
        long[] s = new long[rank - 1];
        java.util.Arrays.fill(s, 1);
        s[0] = channels;
        return s;
    }
}
