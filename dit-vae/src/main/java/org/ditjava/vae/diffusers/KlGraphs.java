package org.ditjava.vae.diffusers;

import static org.ditjava.vae.diffusers.KlNames.DECODER;
import static org.ditjava.vae.diffusers.KlNames.ENCODER;

import org.ditjava.onnx.TensorSpec;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The encoder and decoder of diffusers' {@code AutoencoderKL} as SameDiff graphs, line for line
 * after {@code Encoder.forward} / {@code Decoder.forward} ({@code diffusers/models/autoencoders/vae.py})
 * and {@code AutoencoderKL.encode} / {@code _decode}: the encoder returns the moments
 * {@code quant_conv(encoder(x))}, the decoder computes {@code decoder(post_quant_conv(z))}. Widths,
 * depths and groups come from the {@link DiffusersVaeConfig}; batch, height and width are free.
 */
final class KlGraphs {
    private final DiffusersVaeConfig config;
    private final StateDict state;

    KlGraphs(DiffusersVaeConfig config, StateDict state) {
        this.config = config;
        this.state = state;
    }

    static TensorSpec imagesSpec(DiffusersVaeConfig c) {
        return new TensorSpec("images", DataType.FLOAT, new long[] {-1, c.inChannels(), -1, -1});
    }

    static TensorSpec momentsSpec(DiffusersVaeConfig c) {
        return new TensorSpec("moments", DataType.FLOAT, new long[] {-1, 2L * c.latentChannels(), -1, -1});
    }

    static TensorSpec latentsSpec(DiffusersVaeConfig c) {
        return new TensorSpec("latents", DataType.FLOAT, new long[] {-1, c.latentChannels(), -1, -1});
    }

    static TensorSpec decodedSpec(DiffusersVaeConfig c) {
        return new TensorSpec("decoded", DataType.FLOAT, new long[] {-1, c.outChannels(), -1, -1});
    }

    /** images (N, in, H, W) → moments (N, 2·latent, H/f, W/f), f = 2^(blocks − 1). */
    SameDiff encoder() {
        SameDiff sd = SameDiff.create();
        KlLayers nn = new KlLayers(sd, state, config.normNumGroups());
        long moments = 2L * config.latentChannels();
        long mid = config.midWidth();
        SDVariable x = sd.placeHolder("images", DataType.FLOAT, -1, config.inChannels(), -1, -1); // (N, in, H, W)
        SDVariable h = nn.conv(KlNames.convIn(ENCODER), x, config.inChannels(), config.width(0), 3, 1, 1); // (N, w0, H, W)
        long cin = config.width(0);
        for (int i = 0; i < config.blocks(); i++) {
            long width = config.width(i);
            for (int j = 0; j < config.layersPerBlock(); j++) {
                h = nn.resnet(KlNames.downResnet(i, j), h, j == 0 ? cin : width, width);      // (N, wi, H/2^i, W/2^i)
            }
            cin = width;
            if (i < config.blocks() - 1) {
                h = nn.downsample(KlNames.downsampler(i), h, width);                         // (N, wi, H/2^(i+1), W/2^(i+1))
            }
        }
        h = midBlock(nn, ENCODER, h, mid);                                                   // (N, wm, h, w)
        h = nn.silu(nn.groupNorm(KlNames.convNormOut(ENCODER), h, mid));                     // (N, wm, h, w)
        h = nn.conv(KlNames.convOut(ENCODER), h, mid, moments, 3, 1, 1);                     // (N, 2·latent, h, w)
        if (config.useQuantConv()) {
            h = nn.conv(KlNames.QUANT_CONV, h, moments, moments, 1, 1, 0);                   // (N, 2·latent, h, w)
        }
        sd.identity("moments", h);                                                           // (N, 2·latent, h, w)
        return sd;
    }

    /** latents (N, latent, h, w), unscaled → images (N, out, f·h, f·w). */
    SameDiff decoder() {
        SameDiff sd = SameDiff.create();
        KlLayers nn = new KlLayers(sd, state, config.normNumGroups());
        long latent = config.latentChannels();
        long mid = config.midWidth();
        SDVariable z = sd.placeHolder("latents", DataType.FLOAT, -1, latent, -1, -1);        // (N, latent, h, w)
        if (config.usePostQuantConv()) {
            z = nn.conv(KlNames.POST_QUANT_CONV, z, latent, latent, 1, 1, 0);               // (N, latent, h, w)
        }
        SDVariable h = nn.conv(KlNames.convIn(DECODER), z, latent, mid, 3, 1, 1);            // (N, wm, h, w)
        h = midBlock(nn, DECODER, h, mid);                                                   // (N, wm, h, w)
        long prev = mid;
        for (int i = 0; i < config.blocks(); i++) {
            long width = config.width(config.blocks() - 1 - i);
            for (int j = 0; j < config.layersPerBlock() + 1; j++) {
                h = nn.resnet(KlNames.upResnet(i, j), h, j == 0 ? prev : width, width);      // (N, w, h·2^i, w·2^i)
            }
            prev = width;
            if (i < config.blocks() - 1) {
                h = nn.upsample(KlNames.upsampler(i), h, width);                             // (N, w, h·2^(i+1), w·2^(i+1))
            }
        }
        h = nn.silu(nn.groupNorm(KlNames.convNormOut(DECODER), h, config.width(0)));         // (N, w0, H, W)
        h = nn.conv(KlNames.convOut(DECODER), h, config.width(0), config.outChannels(), 3, 1, 1); // (N, out, H, W)
        sd.identity("decoded", h);                                                           // (N, out, H, W)
        return sd;
    }

    /** {@code UNetMidBlock2D}: ResNet, attention (unless the config leaves it out), ResNet. */
    private SDVariable midBlock(KlLayers nn, String side, SDVariable x, long c) {
        SDVariable h = nn.resnet(KlNames.midResnet(side, 0), x, c, c);                      // (N, C, h, w)
        if (config.midBlockAttention()) {
            h = nn.attention(KlNames.midAttention(side), h, c);                              // (N, C, h, w)
        }
        return nn.resnet(KlNames.midResnet(side, 1), h, c, c);                              // (N, C, h, w)
    }
}
