package org.ditjava.onnx;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ditjava.io.EnumNames;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Resize of the two spatial axes of NCHW input (ONNX operator spec, opset 11–18), modes
 * {@code nearest} and {@code linear}, every coordinate transformation except
 * {@code tf_crop_and_resize}, without antialiasing.
 *
 * <p>Integer nearest up-sampling whose rounding makes it a pure repeat (asymmetric + floor, the SD
 * VAE's; half_pixel + round_prefer_*) is SameDiff's upsampling2d. Everything else is composed per
 * axis from gathers with source coordinates computed by the spec's formulas, from the input size
 * at run time, so Inception's resize to 299×299 works for any input size. Deviation: when the
 * output size is only known at run time, pytorch_half_pixel and align_corners assume it is
 * larger than 1. Deliberate deviation:
 * libnd4j's own resize_bilinear is not used — a graph holding it cannot be loaded back after
 * {@code SameDiff.save} in M2.1.
 */
final class ResizeOp {
    private ResizeOp() {
    }

    /** {@code mode}. */
    enum Mode { NEAREST, LINEAR }

    /** {@code coordinate_transformation_mode}. */
    enum Coordinates { HALF_PIXEL, PYTORCH_HALF_PIXEL, ALIGN_CORNERS, ASYMMETRIC, TF_HALF_PIXEL_FOR_NN }

    /** {@code nearest_mode}. */
    enum Rounding { ROUND_PREFER_FLOOR, ROUND_PREFER_CEIL, FLOOR, CEIL }

    static void register(Map<String, OpMapper> m) {
        m.put("Resize", ResizeOp::map);
    }

    private static <E extends Enum<E>> E parse(Class<E> type, String attr, String value) {
        try {
            return EnumNames.parse(type, value, e -> e.name().toLowerCase(Locale.ROOT), attr);
        } catch (IllegalArgumentException e) {
            throw new NodeException(e.getMessage());
        }
    }

    private static List<Value> map(NodeContext ctx) {
        Value x = ctx.in(0);
        Attributes a = ctx.attrs();
        if (x.rank() != 4) {
            throw new NodeException("only rank-4 NCHW input is supported, got " + x);
        }
        Mode mode = parse(Mode.class, "mode", a.getString("mode", "nearest"));
        Coordinates coords = parse(Coordinates.class, "coordinate_transformation_mode", a.getString("coordinate_transformation_mode", "half_pixel"));
        Rounding rounding = parse(Rounding.class, "nearest_mode", a.getString("nearest_mode", "round_prefer_floor"));
        if (a.getInt("antialias", 0) != 0 || a.getInt("exclude_outside", 0) != 0
                || !a.getString("keep_aspect_ratio_policy", "stretch").equals("stretch")) {
            throw new NodeException("antialias, exclude_outside and keep_aspect_ratio_policy other than stretch are not supported");
        }
        long[] axes = a.getInts("axes", null);
        if (axes != null && !java.util.Arrays.equals(NodeContext.axes(axes, 4), new int[] {2, 3})) {
            throw new NodeException("only resizing axes [2, 3] is supported, got " + java.util.Arrays.toString(axes));
        }
        Target t = target(ctx, x, axes != null);
        SDVariable y = ctx.var(0);
        Integer[] repeat = {t.repeat(x, 2), t.repeat(x, 3)};
        boolean repeats = mode == Mode.NEAREST && repeat[0] != null && repeat[1] != null && isRepeat(coords, rounding);
        if (repeats) {
            y = ctx.sd().cnn().upsampling2d(y, repeat[0], repeat[1], true);
            return List.of(ctx.out(y, List.of(x.dim(0), x.dim(1), x.dim(2).times(Dim.of(repeat[0])), x.dim(3).times(Dim.of(repeat[1])))));
        }
        for (int axis = 2; axis < 4; axis++) {
            Dim out = t.out(x, axis);
            boolean identity = out != null && out.equals(x.dim(axis)) && (t.scale(axis) == null || t.scale(axis) == 1.0);
            if (!identity) {
                y = resizeAxis(ctx, y, axis, x.dim(axis), out, t.scale(axis), mode, coords, rounding);
            }
        }
        return List.of(ctx.out(y, java.util.Arrays.asList(x.dim(0), x.dim(1), t.out(x, 2), t.out(x, 3))));
    }

    /** Nearest-neighbour modes for which an integer up-scale is a pure repeat of each pixel. */
    private static boolean isRepeat(Coordinates c, Rounding r) {
        return c == Coordinates.ASYMMETRIC && r == Rounding.FLOOR
                || (c == Coordinates.HALF_PIXEL || c == Coordinates.PYTORCH_HALF_PIXEL)
                && (r == Rounding.ROUND_PREFER_FLOOR || r == Rounding.ROUND_PREFER_CEIL);
    }

    /** The requested output: per-axis scales, or sizes. */
    private record Target(double[] scales, List<Dim> sizes) {
        Double scale(int axis) {
            return scales == null ? null : scales[axis];
        }

        Dim out(Value x, int axis) {
            if (sizes != null) {
                return sizes.get(axis);
            }
            Dim in = x.dim(axis);
            return in.isKnown() ? Dim.of((long) Math.floor(in.value() * scales[axis])) : repeat(x, axis) == null ? null
                    : in.times(Dim.of(repeat(x, axis)));
        }

        /** The integer up-scale factor along {@code axis}, or {@code null}. */
        Integer repeat(Value x, int axis) {
            if (scales != null) {
                double s = scales[axis];
                return s >= 1 && s == Math.rint(s) ? (int) s : null;
            }
            Dim in = x.dim(axis);
            Dim out = sizes.get(axis);
            if (in.isKnown() && (in.value() == 0 || !out.isKnown())) {
                return null;
            }
            return out.dividedBy(in).filter(d -> d.isKnown() && d.value() >= 1).map(d -> (int) d.value()).orElse(null);
        }
    }

    private static Target target(NodeContext ctx, Value x, boolean spatialOnly) {
        if (ctx.has(3)) {
            List<Dim> sizes = ctx.dims(3, "sizes");
            if (spatialOnly && sizes.size() == 2) {
                sizes = List.of(x.dim(0), x.dim(1), sizes.get(0), sizes.get(1));
            }
            if (sizes.size() != 4 || !sizes.get(0).equals(x.dim(0)) && !(sizes.get(0).isKnown() && !x.dim(0).isKnown())
                    || !sizes.get(1).equals(x.dim(1)) && !(sizes.get(1).isKnown() && !x.dim(1).isKnown())) {
                throw new NodeException("sizes " + sizes + " must keep the batch and channel sizes of the input " + x.shape());
            }
            return new Target(null, sizes);
        }
        if (!ctx.has(2)) {
            throw new NodeException("either scales or sizes is required");
        }
        double[] s = ctx.constant(2, "scales").castTo(DataType.DOUBLE).toDoubleVector();
        if (spatialOnly && s.length == 2) {
            s = new double[] {1, 1, s[0], s[1]};
        }
        if (s.length != 4 || s[0] != 1 || s[1] != 1) {
            throw new NodeException("scales " + java.util.Arrays.toString(s) + " must be 1 for the batch and channel axes");
        }
        return new Target(s, null);
    }

    /**
     * Resizes one axis by gathering source rows: nearest takes the rounded source coordinate,
     * linear blends the two neighbours. Coordinates follow the spec; out-of-range ones are clamped
     * to the edge, which is what the spec's edge handling gives for these modes.
     */
    private static SDVariable resizeAxis(NodeContext ctx, SDVariable x, int axis, Dim inDim, Dim outDim, Double scale,
                                         Mode mode, Coordinates coords, Rounding rounding) {
        SameDiff sd = ctx.sd();
        DataType type = x.dataType();
        SDVariable in = scalar(ctx, inDim, type);
        SDVariable last = in.sub(1.0);
        SDVariable out = outDim != null ? scalar(ctx, outDim, type) : sd.math().floor(in.mul(scale));
        SDVariable o = outDim != null && outDim.isKnown() ? sd.constant(Nd4j.arange(0, outDim.value()).castTo(type))
                : sd.range(sd.constant(Nd4j.scalar(0.0).castTo(type)), out, sd.constant(Nd4j.scalar(1.0).castTo(type)), type);
        SDVariable inv = scale != null ? sd.constant(Nd4j.scalar(1.0 / scale).castTo(type)) : in.div(out);
        boolean single = outDim != null && outDim.isKnown(1);
        SDVariable src = switch (coords) {
            case HALF_PIXEL -> o.add(0.5).mul(inv).sub(0.5);
            case PYTORCH_HALF_PIXEL -> single ? o.mul(0.0) : o.add(0.5).mul(inv).sub(0.5);
            case ALIGN_CORNERS -> single ? o.mul(0.0) : o.mul(last).div(out.sub(1.0));
            case ASYMMETRIC -> o.mul(inv);
            case TF_HALF_PIXEL_FOR_NN -> o.add(0.5).mul(inv);
        };
        if (mode == Mode.NEAREST) {
            SDVariable r = switch (rounding) {
                case FLOOR -> sd.math().floor(src);
                case CEIL -> sd.math().ceil(src);
                case ROUND_PREFER_FLOOR -> sd.math().ceil(src.sub(0.5));
                case ROUND_PREFER_CEIL -> sd.math().floor(src.add(0.5));
            };
            return sd.gather(x, sd.castTo(clamp(sd, r, last, type), DataType.INT32), axis);
        }
        SDVariable pos = clamp(sd, src, last, type);
        SDVariable i0 = sd.math().floor(pos);
        SDVariable i1 = sd.math().min(i0.add(1.0), last);
        SDVariable w1 = pos.sub(i0);
        SDVariable w0 = w1.rsub(1.0);
        long[] weightShape = axis == 2 ? new long[] {-1, 1} : new long[] {-1};
        SDVariable lo = sd.gather(x, sd.castTo(i0, DataType.INT32), axis).mul(sd.reshape(w0, weightShape));
        SDVariable hi = sd.gather(x, sd.castTo(i1, DataType.INT32), axis).mul(sd.reshape(w1, weightShape));
        return lo.add(hi);
    }

    /** A dimension as a run-time scalar of {@code type}. */
    private static SDVariable scalar(NodeContext ctx, Dim d, DataType type) {
        return ctx.sd().castTo(ctx.sd().reshape(ctx.shapeVector(List.of(d)), new long[0]), type);
    }

    private static SDVariable clamp(SameDiff sd, SDVariable v, SDVariable last, DataType type) {
        return sd.math().min(sd.math().max(v, sd.constant(Nd4j.scalar(0.0).castTo(type))), last);
    }
}
