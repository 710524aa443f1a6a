package org.ditjava.onnx;

import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Plain-Java float64 reference implementations of ONNX ops, written from the operator spec with
 * loops, independent of ND4J's ops (ND4J arrays only hold the numbers).
 */
final class Reference {
    private Reference() {
    }

    static INDArray map(INDArray x, DoubleUnaryOperator f) {
        INDArray y = Nd4j.create(DataType.DOUBLE, x.shape());
        for (long i = 0; i < x.length(); i++) {
            y.putScalar(i, f.applyAsDouble(x.getDouble(i)));
        }
        return y;
    }

    /** Numpy broadcasting of two arrays of the same rank (size-1 axes stretch). */
    static INDArray zip(INDArray a, INDArray b, DoubleBinaryOperator f) {
        int rank = a.rank();
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) {
            shape[i] = Math.max(a.size(i), b.size(i));
        }
        INDArray y = Nd4j.create(DataType.DOUBLE, shape);
        long[] idx = new long[rank];
        for (long k = 0; k < y.length(); k++) {
            long r = k;
            for (int i = rank - 1; i >= 0; i--) {
                idx[i] = r % shape[i];
                r /= shape[i];
            }
            y.putScalar(idx, f.applyAsDouble(a.getDouble(clip(idx, a)), b.getDouble(clip(idx, b))));
        }
        return y;
    }

    private static long[] clip(long[] idx, INDArray a) {
        long[] c = new long[idx.length];
        for (int i = 0; i < c.length; i++) {
            c[i] = a.size(i) == 1 ? 0 : idx[i];
        }
        return c;
    }

    /** NCHW conv, weights (M, C, kH, kW), pads {top, left, bottom, right}. */
    static INDArray conv(INDArray x, INDArray w, INDArray b, int[] stride, int[] pads, int[] dil) {
        int n = (int) x.size(0), c = (int) x.size(1), h = (int) x.size(2), wd = (int) x.size(3);
        int m = (int) w.size(0), kh = (int) w.size(2), kw = (int) w.size(3);
        int oh = (h + pads[0] + pads[2] - dil[0] * (kh - 1) - 1) / stride[0] + 1;
        int ow = (wd + pads[1] + pads[3] - dil[1] * (kw - 1) - 1) / stride[1] + 1;
        INDArray y = Nd4j.create(DataType.DOUBLE, n, m, oh, ow);
        for (int i = 0; i < n; i++) {
            for (int o = 0; o < m; o++) {
                for (int p = 0; p < oh; p++) {
                    for (int q = 0; q < ow; q++) {
                        double s = b == null ? 0 : b.getDouble(o);
                        for (int ci = 0; ci < c; ci++) {
                            for (int u = 0; u < kh; u++) {
                                for (int v = 0; v < kw; v++) {
                                    int yy = p * stride[0] - pads[0] + u * dil[0];
                                    int xx = q * stride[1] - pads[1] + v * dil[1];
                                    if (yy >= 0 && yy < h && xx >= 0 && xx < wd) {
                                        s += x.getDouble(i, ci, yy, xx) * w.getDouble(o, ci, u, v);
                                    }
                                }
                            }
                        }
                        y.putScalar(new long[] {i, o, p, q}, s);
                    }
                }
            }
        }
        return y;
    }

    /** NCHW max / average pool; pads {top, left, bottom, right}. */
    static INDArray pool(INDArray x, int[] k, int[] stride, int[] pads, boolean max, boolean includePad) {
        int n = (int) x.size(0), c = (int) x.size(1), h = (int) x.size(2), w = (int) x.size(3);
        int oh = (h + pads[0] + pads[2] - k[0]) / stride[0] + 1;
        int ow = (w + pads[1] + pads[3] - k[1]) / stride[1] + 1;
        INDArray y = Nd4j.create(DataType.DOUBLE, n, c, oh, ow);
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < oh; p++) {
                    for (int q = 0; q < ow; q++) {
                        double acc = max ? Double.NEGATIVE_INFINITY : 0;
                        int count = 0;
                        for (int u = 0; u < k[0]; u++) {
                            for (int v = 0; v < k[1]; v++) {
                                int yy = p * stride[0] - pads[0] + u;
                                int xx = q * stride[1] - pads[1] + v;
                                if (yy >= 0 && yy < h && xx >= 0 && xx < w) {
                                    double val = x.getDouble(i, ch, yy, xx);
                                    acc = max ? Math.max(acc, val) : acc + val;
                                    count++;
                                }
                            }
                        }
                        y.putScalar(new long[] {i, ch, p, q}, max ? acc : acc / (includePad ? k[0] * k[1] : count));
                    }
                }
            }
        }
        return y;
    }

    /** Normalises each (n, group) slice over its channels and all spatial positions, then per-channel affine. */
    static INDArray groupNorm(INDArray x, int groups, double[] scale, double[] bias, double eps) {
        int n = (int) x.size(0), c = (int) x.size(1);
        long spatial = x.length() / (n * (long) c);
        INDArray flat = x.reshape(n, c, spatial);
        INDArray y = Nd4j.create(DataType.DOUBLE, n, c, spatial);
        int per = c / groups;
        for (int i = 0; i < n; i++) {
            for (int g = 0; g < groups; g++) {
                double sum = 0, sq = 0;
                long cnt = per * spatial;
                for (int ch = g * per; ch < (g + 1) * per; ch++) {
                    for (long s = 0; s < spatial; s++) {
                        sum += flat.getDouble(i, ch, s);
                    }
                }
                double mean = sum / cnt;
                for (int ch = g * per; ch < (g + 1) * per; ch++) {
                    for (long s = 0; s < spatial; s++) {
                        double d = flat.getDouble(i, ch, s) - mean;
                        sq += d * d;
                    }
                }
                double inv = 1 / Math.sqrt(sq / cnt + eps);
                for (int ch = g * per; ch < (g + 1) * per; ch++) {
                    for (long s = 0; s < spatial; s++) {
                        double v = (flat.getDouble(i, ch, s) - mean) * inv * scale[ch] + bias[ch];
                        y.putScalar(new long[] {i, ch, s}, v);
                    }
                }
            }
        }
        return y.reshape(x.shape());
    }

    /** Batched matrix product of (…, M, K) and (…, K, N) with equal batch shapes, or (K, N). */
    static INDArray matmul(INDArray a, INDArray b) {
        long m = a.size(a.rank() - 2), k = a.size(a.rank() - 1), n = b.size(b.rank() - 1);
        long batch = a.length() / (m * k);
        INDArray a3 = a.reshape(batch, m, k);
        INDArray b3 = b.rank() == 2 ? null : b.reshape(batch, k, n);
        INDArray y = Nd4j.create(DataType.DOUBLE, batch, m, n);
        for (long t = 0; t < batch; t++) {
            for (long i = 0; i < m; i++) {
                for (long j = 0; j < n; j++) {
                    double s = 0;
                    for (long l = 0; l < k; l++) {
                        s += a3.getDouble(t, i, l) * (b3 == null ? b.getDouble(l, j) : b3.getDouble(t, l, j));
                    }
                    y.putScalar(new long[] {t, i, j}, s);
                }
            }
        }
        long[] shape = a.shape().clone();
        shape[shape.length - 1] = n;
        return y.reshape(shape);
    }

    /** One output coordinate's source position, ONNX Resize coordinate_transformation_mode. */
    static double source(String mode, int out, int inSize, int outSize, double scale) {
        return switch (mode) {
            case "half_pixel" -> (out + 0.5) / scale - 0.5;
            case "pytorch_half_pixel" -> outSize > 1 ? (out + 0.5) / scale - 0.5 : 0;
            case "align_corners" -> outSize == 1 ? 0 : out * (inSize - 1.0) / (outSize - 1.0);
            case "asymmetric" -> out / scale;
            case "tf_half_pixel_for_nn" -> (out + 0.5) / scale;
            default -> throw new IllegalArgumentException(mode);
        };
    }

    /** ONNX Resize over H and W of NCHW, separable, in float64. */
    static INDArray resize(INDArray x, int oh, int ow, double sh, double sw, String coord, String mode, String nearest) {
        int n = (int) x.size(0), c = (int) x.size(1), h = (int) x.size(2), w = (int) x.size(3);
        INDArray y = Nd4j.create(DataType.DOUBLE, n, c, oh, ow);
        for (int i = 0; i < n; i++) {
            for (int ch = 0; ch < c; ch++) {
                for (int p = 0; p < oh; p++) {
                    for (int q = 0; q < ow; q++) {
                        double sy = source(coord, p, h, oh, sh);
                        double sx = source(coord, q, w, ow, sw);
                        double v;
                        if (mode.equals("nearest")) {
                            v = x.getDouble(i, ch, round(sy, nearest, h), round(sx, nearest, w));
                        } else {
                            v = lerp2(x, i, ch, sy, sx, h, w);
                        }
                        y.putScalar(new long[] {i, ch, p, q}, v);
                    }
                }
            }
        }
        return y;
    }

    private static int round(double s, String mode, int size) {
        double r = switch (mode) {
            case "floor" -> Math.floor(s);
            case "ceil" -> Math.ceil(s);
            case "round_prefer_floor" -> s - Math.floor(s) == 0.5 ? Math.floor(s) : Math.round(s);
            case "round_prefer_ceil" -> s - Math.floor(s) == 0.5 ? Math.ceil(s) : Math.round(s);
            default -> throw new IllegalArgumentException(mode);
        };
        return (int) Math.max(0, Math.min(size - 1, r));
    }

    /** Bilinear with edge replication outside the image (the spec's padding of the input). */
    private static double lerp2(INDArray x, int i, int ch, double sy, double sx, int h, int w) {
        int y0 = (int) Math.floor(sy);
        int x0 = (int) Math.floor(sx);
        double fy = sy - y0;
        double fx = sx - x0;
        double v = 0;
        for (int dy = 0; dy < 2; dy++) {
            for (int dx = 0; dx < 2; dx++) {
                int yy = Math.max(0, Math.min(h - 1, y0 + dy));
                int xx = Math.max(0, Math.min(w - 1, x0 + dx));
                v += (dy == 0 ? 1 - fy : fy) * (dx == 0 ? 1 - fx : fx) * x.getDouble(i, ch, yy, xx);
            }
        }
        return v;
    }
}
