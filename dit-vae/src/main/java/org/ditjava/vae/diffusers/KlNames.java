package org.ditjava.vae.diffusers;

/**
 * Every state-dict module name of a diffusers {@code AutoencoderKL}, generated here and nowhere
 * else (diffusers {@code autoencoder_kl.py}, {@code vae.py} {@code Encoder} / {@code Decoder},
 * {@code unet_2d_blocks.py}). A module's parameters are {@code NAME.weight} and {@code NAME.bias}.
 */
final class KlNames {
    static final String ENCODER = "encoder";
    static final String DECODER = "decoder";
    static final String QUANT_CONV = "quant_conv";
    static final String POST_QUANT_CONV = "post_quant_conv";

    private KlNames() {
    }

    static String weight(String module) {
        return module + ".weight";
    }

    static String bias(String module) {
        return module + ".bias";
    }

    /** {@code encoder.conv_in} / {@code decoder.conv_in}. */
    static String convIn(String side) {
        return side + ".conv_in";
    }

    static String convNormOut(String side) {
        return side + ".conv_norm_out";
    }

    static String convOut(String side) {
        return side + ".conv_out";
    }

    /** ResNet {@code layer} of encoder down block {@code block}. */
    static String downResnet(int block, int layer) {
        return ENCODER + ".down_blocks." + block + ".resnets." + layer;
    }

    /** The stride-2 convolution that ends encoder down block {@code block}. */
    static String downsampler(int block) {
        return ENCODER + ".down_blocks." + block + ".downsamplers.0.conv";
    }

    /** ResNet {@code layer} of decoder up block {@code block}. */
    static String upResnet(int block, int layer) {
        return DECODER + ".up_blocks." + block + ".resnets." + layer;
    }

    /** The convolution after the nearest 2× up-sampling that ends decoder up block {@code block}. */
    static String upsampler(int block) {
        return DECODER + ".up_blocks." + block + ".upsamplers.0.conv";
    }

    static String midResnet(String side, int i) {
        return side + ".mid_block.resnets." + i;
    }

    static String midAttention(String side) {
        return side + ".mid_block.attentions.0";
    }

    /** Inside a ResNet block. */
    static String norm1(String resnet) {
        return resnet + ".norm1";
    }

    static String conv1(String resnet) {
        return resnet + ".conv1";
    }

    static String norm2(String resnet) {
        return resnet + ".norm2";
    }

    static String conv2(String resnet) {
        return resnet + ".conv2";
    }

    static String convShortcut(String resnet) {
        return resnet + ".conv_shortcut";
    }

    /** Inside an attention block. */
    static String groupNorm(String attention) {
        return attention + ".group_norm";
    }

    static String projection(String attention, String name) {
        return attention + "." + name;
    }
}
