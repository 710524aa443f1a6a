package org.ditjava.vae.diffusers;

import static org.ditjava.vae.diffusers.KlNames.bias;
import static org.ditjava.vae.diffusers.KlNames.weight;

import java.util.HashMap;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.enums.PadMode;
import org.nd4j.enums.WeightsFormat;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The layers of diffusers' AutoencoderKL, each added to one SameDiff graph with its weights taken
 * from the state dict under the module's own name (diffusers {@code resnet.py} {@code ResnetBlock2D},
 * {@code Downsample2D}, {@code Upsample2D}; {@code attention_processor.py} {@code Attention} with
 * {@code AttnProcessor}). Numerics as the PyTorch modules: GroupNorm ε 1e-6 (biased variance, two
 * passes), SiLU = x·σ(x), one head over the H·W tokens with scale 1/√C.
 *
 * <p>Deviations, equal in exact arithmetic: a GroupNorm mean is the mean of its channels' spatial
 * means (this keeps every reshape free of run-time sizes but the batch); the attention's linear
 * projections run as 1×1 convolutions on (N, C, H, W), which needs no token-major transpose.
 */
final class KlLayers {
    /** diffusers' {@code resnet_eps} and the attention GroupNorm's eps in the VAE. */
    static final double GROUP_NORM_EPS = 1e-6;

    private final SameDiff sd;
    private final StateDict state;
    private final int groups;
    private final Map<Long, SDVariable> spreads = new HashMap<>();

    KlLayers(SameDiff sd, StateDict state, int groups) {
        this.sd = sd;
        this.state = state;
        this.groups = groups;
    }

    /** A k×k convolution (weights OIHW) with bias; {@code pad} on every side. */
    SDVariable conv(String module, SDVariable x, long cin, long cout, int k, int stride, int pad) {
        SDVariable w = sd.constant(weight(module), state.take(weight(module), cout, cin, k, k)); // (cout, cin, k, k)
        SDVariable b = sd.constant(bias(module), state.take(bias(module), cout));               // (cout)
        Conv2DConfig cfg = Conv2DConfig.builder().kH(k).kW(k).sH(stride).sW(stride).pH(pad).pW(pad).dH(1).dW(1)
                .weightsFormat(WeightsFormat.OIYX).dataFormat(Conv2DConfig.NCHW).build();
        return sd.cnn().conv2d(x, w, b, cfg);                                                   // (N, cout, H', W')
    }

    /** A {@code nn.Linear(c, c)} over channels as a 1×1 convolution; accepts (c, c) and (c, c, 1, 1) weights. */
    SDVariable linear(String module, SDVariable x, long c) {
        boolean asConv = state.contains(weight(module)) && state.rank(weight(module)) == 4;
        INDArray w = asConv ? state.take(weight(module), c, c, 1, 1) : state.take(weight(module), c, c).reshape(c, c, 1, 1);
        SDVariable wv = sd.constant(weight(module), w);                                         // (c, c, 1, 1)
        SDVariable b = sd.constant(bias(module), state.take(bias(module), c));                  // (c)
        Conv2DConfig cfg = Conv2DConfig.builder().kH(1).kW(1).sH(1).sW(1).pH(0).pW(0).dH(1).dW(1)
                .weightsFormat(WeightsFormat.OIYX).dataFormat(Conv2DConfig.NCHW).build();
        return sd.cnn().conv2d(x, wv, b, cfg);                                                  // (N, c, H, W)
    }

    /** {@code nn.GroupNorm(groups, c, eps=1e-6)} with its affine parameters. */
    SDVariable groupNorm(String module, SDVariable x, long c) {
        SDVariable gamma = sd.constant(weight(module), state.take(weight(module), c).reshape(1, c, 1, 1)); // (1, C, 1, 1)
        SDVariable beta = sd.constant(bias(module), state.take(bias(module), c).reshape(1, c, 1, 1));      // (1, C, 1, 1)
        SDVariable centred = x.sub(groupMean(x, c));                                            // (N, C, H, W)
        SDVariable variance = groupMean(sd.math().square(centred), c);                           // (N, C, 1, 1)
        SDVariable normed = centred.mul(sd.math().rsqrt(variance.add(GROUP_NORM_EPS)));          // (N, C, H, W)
        return normed.mul(gamma).add(beta);                                                     // (N, C, H, W)
    }

    /** The mean over each group of channels and all positions, repeated for each channel of the group. */
    private SDVariable groupMean(SDVariable x, long c) {
        long perGroup = c / groups;
        SDVariable channelMeans = sd.mean(x, true, 2, 3);                                        // (N, C, 1, 1)
        SDVariable grouped = sd.reshape(channelMeans, -1, groups, perGroup);                     // (N, G, C/G)
        SDVariable groupMeans = sd.mean(grouped, true, 2);                                       // (N, G, 1)
        SDVariable spread = groupMeans.mul(spreads.computeIfAbsent(perGroup,
                n -> sd.constant(Nd4j.ones(1, 1, n))));                                          // (N, G, C/G)
        return sd.reshape(spread, -1, c, 1, 1);                                                  // (N, C, 1, 1)
    }

    SDVariable silu(SDVariable x) {
        return x.mul(sd.nn().sigmoid(x));                                                        // (N, C, H, W)
    }

    /** {@code ResnetBlock2D} without a time embedding, output scale 1. */
    SDVariable resnet(String module, SDVariable x, long cin, long cout) {
        SDVariable h = silu(groupNorm(KlNames.norm1(module), x, cin));                         // (N, cin, H, W)
        h = conv(KlNames.conv1(module), h, cin, cout, 3, 1, 1);                                 // (N, cout, H, W)
        h = silu(groupNorm(KlNames.norm2(module), h, cout));                                    // (N, cout, H, W)
        h = conv(KlNames.conv2(module), h, cout, cout, 3, 1, 1);                                // (N, cout, H, W)
        SDVariable skip = cin == cout ? x : conv(KlNames.convShortcut(module), x, cin, cout, 1, 1, 0); // (N, cout, H, W)
        return skip.add(h);                                                                     // (N, cout, H, W)
    }

    /** The mid block's single-head self-attention over the H·W positions, with its residual. */
    SDVariable attention(String module, SDVariable x, long c) {
        AttentionNaming names = AttentionNaming.detect(state, module);
        SDVariable h = groupNorm(KlNames.groupNorm(module), x, c);                               // (N, C, H, W)
        SDVariable q = linear(KlNames.projection(module, names.query), h, c);                   // (N, C, H, W)
        SDVariable k = linear(KlNames.projection(module, names.key), h, c);                     // (N, C, H, W)
        SDVariable v = linear(KlNames.projection(module, names.value), h, c);                   // (N, C, H, W)
        SDVariable shape = sd.shape(x);                                                         // (4) = N, C, H, W
        SDVariable tokens = sd.concat(0, sd.slice(shape, new int[] {0}, 2),
                sd.constant(Nd4j.createFromArray(-1L)));                                        // (3) = N, C, H·W
        SDVariable qt = sd.reshape(q, tokens);                                                  // (N, C, T)
        SDVariable kt = sd.reshape(k, tokens);                                                  // (N, C, T)
        SDVariable vt = sd.reshape(v, tokens);                                                  // (N, C, T)
        SDVariable scores = sd.mmul(qt, kt, true, false, false).mul(1.0 / Math.sqrt(c));        // (N, T, T)
        SDVariable weights = sd.nn().softmax(scores, 2);                                        // (N, T, T)
        SDVariable mixed = sd.mmul(vt, weights, false, true, false);                            // (N, C, T)
        SDVariable out = linear(KlNames.projection(module, names.out), sd.reshape(mixed, shape), c); // (N, C, H, W)
        return out.add(x);                                                                      // (N, C, H, W)
    }

    /** {@code Downsample2D(padding=0)}: pad right and bottom by one, then a stride-2 3×3 convolution. */
    SDVariable downsample(String module, SDVariable x, long c) {
        SDVariable pads = sd.constant(Nd4j.createFromArray(new long[][] {{0, 0}, {0, 0}, {0, 1}, {0, 1}}));
        SDVariable padded = sd.nn().pad(x, pads, PadMode.CONSTANT, 0.0);                         // (N, C, H+1, W+1)
        return conv(module, padded, c, c, 3, 2, 0);                                             // (N, C, H/2, W/2)
    }

    /** {@code Upsample2D(use_conv=True)}: nearest 2× up-sampling, then a 3×3 convolution. */
    SDVariable upsample(String module, SDVariable x, long c) {
        SDVariable up = sd.cnn().upsampling2d(x, 2, 2, true);                                    // (N, C, 2H, 2W)
        return conv(module, up, c, c, 3, 1, 1);                                                 // (N, C, 2H, 2W)
    }
}
