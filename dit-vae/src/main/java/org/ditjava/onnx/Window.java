package org.ditjava.onnx;

import java.util.Arrays;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.enums.PadMode;

/**
 * The sliding window of a 2-D Conv or pool over NCHW input: kernel, strides, dilations and the
 * padding resolved from {@code pads} or {@code auto_pad} (ONNX operator spec, Conv / MaxPool).
 * {@code ceil_mode} (pools) is turned into extra end padding, as the spec's output-size rule does.
 */
final class Window {
    private final long[] kernel;
    private final long[] strides;
    private final long[] dilations;
    /** begin H, begin W, end H, end W. */
    private final long[] pads;
    private final Dim[] in;

    private Window(long[] kernel, long[] strides, long[] dilations, long[] pads, Dim[] in) {
        this.kernel = kernel;
        this.strides = strides;
        this.dilations = dilations;
        this.pads = pads;
        this.in = in;
    }

    static Window of(NodeContext ctx, Value x, long[] kernel, long[] dilations) {
        Attributes a = ctx.attrs();
        long[] strides = a.getInts("strides", new long[] {1, 1});
        long[] pads = a.getInts("pads", new long[] {0, 0, 0, 0}).clone();
        if (kernel.length != 2 || strides.length != 2 || dilations.length != 2 || pads.length != 4) {
            throw new NodeException("only 2-D windows are supported: kernel " + Arrays.toString(kernel) + ", strides "
                    + Arrays.toString(strides) + ", dilations " + Arrays.toString(dilations) + ", pads " + Arrays.toString(pads));
        }
        Dim[] in = {x.dim(2), x.dim(3)};
        String autoPad = a.getString("auto_pad", "NOTSET");
        switch (autoPad) {
            case "NOTSET" -> { }
            case "VALID" -> Arrays.fill(pads, 0);
            case "SAME_UPPER", "SAME_LOWER" -> {
                for (int i = 0; i < 2; i++) {
                    if (!in[i].isKnown()) {
                        throw new NodeException("auto_pad " + autoPad + " needs the input size known at import time, got " + in[i]);
                    }
                    long n = in[i].value();
                    long out = (n + strides[i] - 1) / strides[i];
                    long total = Math.max(0, (out - 1) * strides[i] + (kernel[i] - 1) * dilations[i] + 1 - n);
                    long small = total / 2;
                    pads[i] = autoPad.equals("SAME_UPPER") ? small : total - small;
                    pads[i + 2] = total - pads[i];
                }
            }
            default -> throw new NodeException("auto_pad '" + autoPad + "' is not supported");
        }
        Window w = new Window(kernel, strides, dilations, pads, in);
        return a.getInt("ceil_mode", 0) != 0 ? w.withCeilMode() : w;
    }

    /** Extra end padding so that floor-mode windows give the ceil-mode output size. */
    private Window withCeilMode() {
        long[] p = pads.clone();
        for (int i = 0; i < 2; i++) {
            if (!in[i].isKnown()) {
                throw new NodeException("ceil_mode=1 needs the input size known at import time, got " + in[i]);
            }
            long span = in[i].value() + pads[i] + pads[i + 2] - extent(i);
            long out = -Math.floorDiv(-span, strides[i]) + 1;
            if ((out - 1) * strides[i] >= in[i].value() + pads[i]) {
                out--;
            }
            p[i + 2] += Math.max(0, (out - 1) * strides[i] + extent(i) - (in[i].value() + pads[i] + pads[i + 2]));
        }
        return new Window(kernel, strides, dilations, p, in);
    }

    private long extent(int i) {
        return dilations[i] * (kernel[i] - 1) + 1;
    }

    long[] strides() {
        return strides;
    }

    long[] dilations() {
        return dilations;
    }

    boolean symmetric() {
        return pads[0] == pads[2] && pads[1] == pads[3];
    }

    /** The padding SameDiff applies on both sides of spatial axis {@code i} (0 when asymmetric). */
    long symmetricPad(int i) {
        return symmetric() ? pads[i] : 0;
    }

    /** Pads explicitly with {@code value} when the padding is asymmetric, else returns {@code x}. */
    SDVariable padAsymmetric(NodeContext ctx, SDVariable x, double value) {
        if (symmetric()) {
            return x;
        }
        long[][] p = {{0, 0}, {0, 0}, {pads[0], pads[2]}, {pads[1], pads[3]}};
        return ConvOps.pad(ctx, x, p, PadMode.CONSTANT, value);
    }

    /** The output size along spatial axis {@code i}, or {@code null} when only known at run time. */
    Dim outSize(int i) {
        if (!in[i].isKnown()) {
            return null;
        }
        long span = in[i].value() + pads[i] + pads[i + 2] - extent(i);
        if (span < 0) {
            throw new NodeException("the window " + Arrays.toString(kernel) + " does not fit the padded input " + in[i]);
        }
        return Dim.of(span / strides[i] + 1);
    }
}
