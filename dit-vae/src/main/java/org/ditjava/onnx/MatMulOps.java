package org.ditjava.onnx;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;

/**
 * MatMul (numpy matmul semantics) and Gemm (ONNX operator spec). An N-D × 2-D MatMul, the shape of
 * every linear layer in an attention block, is flattened to one 2-D product (libnd4j's matmul
 * rejects mixed ranks); equal-rank products are batched; 1-D operands are expanded and squeezed as
 * numpy does. Batch dimensions that broadcast (one side 1, the other not) are not supported.
 */
final class MatMulOps {
    private MatMulOps() {
    }

    static void register(Map<String, OpMapper> m) {
        m.put("MatMul", MatMulOps::matmul);
        m.put("Gemm", MatMulOps::gemm);
    }

    private static List<Value> matmul(NodeContext ctx) {
        Value a = ctx.in(0);
        Value b = ctx.in(1);
        if (a.rank() == 0 || b.rank() == 0) {
            throw new NodeException("MatMul operands must have rank 1 or more, got " + a + " and " + b);
        }
        SDVariable av = ctx.var(0);
        SDVariable bv = ctx.var(1);
        List<Dim> as = new ArrayList<>(a.shape());
        List<Dim> bs = new ArrayList<>(b.shape());
        boolean squeezeRow = as.size() == 1;
        boolean squeezeCol = bs.size() == 1;
        if (squeezeRow) {
            av = ctx.sd().expandDims(av, 0);
            as.add(0, Dim.of(1));
        }
        if (squeezeCol) {
            bv = ctx.sd().expandDims(bv, 1);
            bs.add(Dim.of(1));
        }
        Dim k = as.get(as.size() - 1);
        if (k.isKnown() && bs.get(bs.size() - 2).isKnown() && !k.equals(bs.get(bs.size() - 2))) {
            throw new NodeException("inner dimensions differ: " + a.shape() + " × " + b.shape());
        }
        List<Dim> out;
        SDVariable y;
        if (bs.size() == 2) {
            out = new ArrayList<>(as.subList(0, as.size() - 1));
            out.add(bs.get(1));
            y = flatMatmul(ctx, av, as, bv, out);
        } else if (as.size() == bs.size()) {
            out = batchDims(as, bs);
            out.add(as.get(as.size() - 2));
            out.add(bs.get(bs.size() - 1));
            y = ctx.sd().mmul(av, bv);
        } else {
            throw new NodeException("MatMul of ranks " + a.rank() + " and " + b.rank() + " is not supported "
                    + "(supported: N-D × 2-D, equal ranks, 1-D operands)");
        }
        if (squeezeCol) {
            y = ctx.sd().squeeze(y, out.size() - 1);
            out.remove(out.size() - 1);
        }
        if (squeezeRow) {
            y = ctx.sd().squeeze(y, out.size() - 2);
            out.remove(out.size() - 2);
        }
        return List.of(ctx.out(y, out));
    }

    /** [..., M, K] × [K, N]: one [prod(...)·M, K] × [K, N] product, reshaped back. */
    private static SDVariable flatMatmul(NodeContext ctx, SDVariable a, List<Dim> as, SDVariable b, List<Dim> out) {
        if (as.size() == 2) {
            return ctx.sd().mmul(a, b);
        }
        List<Dim> rows = List.of(Dim.product(as.subList(0, as.size() - 1)), as.get(as.size() - 1));
        SDVariable y = ctx.sd().mmul(Shapes.reshape(ctx, a, rows), b);
        return Shapes.reshape(ctx, y, out);
    }

    private static List<Dim> batchDims(List<Dim> as, List<Dim> bs) {
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < as.size() - 2; i++) {
            Dim x = as.get(i);
            Dim y = bs.get(i);
            if (!x.equals(y) && (x.isKnown(1) || y.isKnown(1) || (x.isKnown() && y.isKnown()))) {
                throw new NodeException("MatMul batch dimensions that broadcast are not supported: " + as + " × " + bs);
            }
            out.add(x.isKnown() ? x : y);
        }
        return out;
    }

    /** Y = α · op(A) · op(B) + β · C. */
    private static List<Value> gemm(NodeContext ctx) {
        Value a = ctx.in(0);
        Value b = ctx.in(1);
        if (a.rank() != 2 || b.rank() != 2) {
            throw new NodeException("Gemm needs 2-D A and B, got " + a + " and " + b);
        }
        boolean ta = ctx.attrs().getInt("transA", 0) != 0;
        boolean tb = ctx.attrs().getInt("transB", 0) != 0;
        double alpha = ctx.attrs().getFloat("alpha", 1f);
        double beta = ctx.attrs().getFloat("beta", 1f);
        Dim m = a.dim(ta ? 1 : 0);
        Dim n = b.dim(tb ? 0 : 1);
        Dim ka = a.dim(ta ? 0 : 1);
        Dim kb = b.dim(tb ? 1 : 0);
        if (ka.isKnown() && kb.isKnown() && !ka.equals(kb)) {
            throw new NodeException("inner dimensions differ: A " + a.shape() + (ta ? "ᵀ" : "") + " × B " + b.shape() + (tb ? "ᵀ" : ""));
        }
        SDVariable y = ctx.sd().mmul(ctx.var(0), ctx.var(1), ta, tb, false);
        if (alpha != 1) {
            y = y.mul(alpha);
        }
        if (ctx.has(2) && beta != 0) {
            Value c = ctx.in(2);
            SDVariable cv = beta == 1 ? ctx.var(2)
                    : c.isConstant() ? ctx.constant(ctx.node().getInput(2) + ".scaled", c.constant().mul(beta))
                    : ctx.var(2).mul(beta);
            Shapes.broadcast(List.of(m, n), c.shape());
            y = y.add(cv);
        }
        return List.of(ctx.out(y, List.of(m, n)));
    }
}
