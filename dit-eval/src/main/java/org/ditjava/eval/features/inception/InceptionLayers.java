package org.ditjava.eval.features.inception;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Pooling2D;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Pooling2DConfig;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The layers of pytorch-fid's Inception-v3 in one SameDiff graph: torchvision's {@code BasicConv2d}
 * (conv without bias → BatchNorm ε 1e-3 → ReLU; the BatchNorm folded on the host in float64 into
 * one scale and one shift per channel, applied after the conv as in our ONNX import) and the
 * pools. A layer's input width is tracked by {@link Tensor}, its output width read from the weight.
 */
final class InceptionLayers {
    /** torchvision's {@code BasicConv2d} BatchNorm eps. */
    static final double BN_EPS = 1e-3;

    /** A graph value with its channel count. */
    record Tensor(SDVariable v, long channels) {
    }

    /** Convolution padding: "same" size (stride 1, (k − 1) / 2 on each side) or none. */
    enum Padding { SAME, VALID }

    private final SameDiff sd;
    private final InceptionWeights weights;

    InceptionLayers(SameDiff sd, InceptionWeights weights) {
        this.sd = sd;
        this.weights = weights;
    }

    SameDiff sd() {
        return sd;
    }

    /** The raw convolution of {@code module} ({@code module.conv.weight}, no bias), kernel from the weight. */
    Tensor conv(String module, Tensor x, int stride, Padding padding) {
        String name = module + ".conv.weight";
        INDArray w = weights.take(name, 4);                                                     // (cout, cin, kH, kW)
        weights.requireSize(name, w, 1, x.channels());
        long kh = w.size(2);
        long kw = w.size(3);
        long ph = padding == Padding.SAME ? (kh - 1) / 2 : 0;
        long pw = padding == Padding.SAME ? (kw - 1) / 2 : 0;
        Conv2DConfig cfg = Conv2DConfig.builder().kH(kh).kW(kw).sH(stride).sW(stride).pH(ph).pW(pw).dH(1).dW(1)
                .weightsFormat(WeightsFormat.OIYX).dataFormat(Conv2DConfig.NCHW).build();
        SDVariable y = sd.cnn().conv2d(x.v(), sd.constant(name, w), cfg);                        // (N, cout, H', W')
        return new Tensor(y, w.size(0));
    }

    /** {@code BasicConv2d}: conv → BatchNorm (inference, ε 1e-3) → ReLU. */
    Tensor basic(String module, Tensor x, int stride, Padding padding) {
        return bnRelu(module, conv(module, x, stride, padding));                               // (N, cout, H', W')
    }

    /** {@code BasicConv2d} with stride 1 and "same" padding (every branch conv but the grid reductions). */
    Tensor basic(String module, Tensor x) {
        return basic(module, x, 1, Padding.SAME);
    }

    /** The BatchNorm and ReLU of a {@code BasicConv2d}, applied to its convolution's output. */
    Tensor bnRelu(String module, Tensor conv) {
        String bn = module + ".bn.";
        long c = conv.channels();
        INDArray gamma = param(bn + "weight", c);
        INDArray beta = param(bn + "bias", c);
        INDArray mean = param(bn + "running_mean", c);
        INDArray var = param(bn + "running_var", c);
        INDArray scale = gamma.div(Transforms.sqrt(var.add(BN_EPS), true));
        INDArray shift = beta.sub(mean.mul(scale));
        SDVariable y = conv.v().mul(sd.constant(bn + "folded_scale", scale.castTo(DataType.FLOAT).reshape(1, c, 1, 1)))
                .add(sd.constant(bn + "folded_shift", shift.castTo(DataType.FLOAT).reshape(1, c, 1, 1))); // (N, C, H, W)
        return new Tensor(sd.nn().relu(y, 0), c);                                                // (N, C, H, W)
    }

    /** A per-channel BatchNorm parameter in float64. */
    private INDArray param(String name, long channels) {
        INDArray a = weights.take(name, 1);
        weights.requireSize(name, a, 0, channels);
        return a.castTo(DataType.DOUBLE);
    }

    /** 3×3 max pool: stride 2 unpadded (grid reductions) or stride 1 padded by 1 (padding never wins). */
    Tensor maxPool(Tensor x, int stride, int pad) {
        return new Tensor(sd.cnn().maxPooling2d(x.v(), pool(stride, pad, Pooling2D.Pooling2DType.MAX)), x.channels()); // (N, C, H', W')
    }

    /** 3×3 stride-1 average pool padded by 1 with {@code count_include_pad=False} (pytorch-fid's FID blocks). */
    Tensor avgPoolExcludingPad(Tensor x) {
        return new Tensor(sd.cnn().avgPooling2d(x.v(), pool(1, 1, Pooling2D.Pooling2DType.AVG)), x.channels()); // (N, C, H, W)
    }

    private static Pooling2DConfig pool(int stride, int pad, Pooling2D.Pooling2DType type) {
        // extra = 0: border windows divide by the real pixels (libnd4j ignores Pooling2DConfig.divisor)
        return Pooling2DConfig.builder().kH(3).kW(3).sH(stride).sW(stride).pH(pad).pW(pad).dH(1).dW(1)
                .type(type).extra(0).isNHWC(false).build();
    }

    /** Channel concatenation of the branches, in order. */
    Tensor concat(Tensor... parts) {
        SDVariable[] vs = new SDVariable[parts.length];
        long c = 0;
        for (int i = 0; i < parts.length; i++) {
            vs[i] = parts[i].v();
            c += parts[i].channels();
        }
        return new Tensor(sd.concat(1, vs), c);                                                  // (N, ΣC, H, W)
    }
}
