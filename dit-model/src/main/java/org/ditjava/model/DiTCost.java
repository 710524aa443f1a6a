package org.ditjava.model;

/**
 * Model size and forward-pass cost of a configuration, computed from the config (paper Table 4,
 * Fig. 5, §4 "Model size"): parameter counts from the declared tensors, and Gflops in the paper's
 * convention, i.e. multiply-accumulates of one image's forward pass, VAE excluded.
 *
 * <p>Counted: the MACs of every matrix product and convolution (patch embedding, timestep MLP, qkv,
 * the two attention products QKᵀ and AV, attention output, MLP, adaLN modulations, cross-attention,
 * final linear) plus one per element of every LayerNorm input. Not counted: the label lookup (an
 * index in the reference; the one-hot product this port uses instead is an implementation detail),
 * element-wise operations, softmax, the sinusoidal features. This reproduces every entry of Table 4
 * within ±0.01 (DiT-B/4 is 5.566 here, which rounds to 5.57 where the paper prints 5.56; no consistent
 * count we found gives 5.56) and the design ablation within ±0.01 as well.
 *
 * @param config          the configuration
 * @param params          all tensors' values, {@code pos_embed} included
 * @param trainableParams without {@code pos_embed}
 * @param macs            multiply-accumulates of one forward pass for one image
 */
public record DiTCost(DiTConfig config, long params, long trainableParams, long macs) {

    /** The paper's "Gflops": 10⁹ multiply-accumulates. */
    public double gflops() {
        return macs / 1e9;
    }

    /** Counts for {@code config}. */
    public static DiTCost of(DiTConfig config) {
        ParamList p = new DiTNet(config).params();
        long total = patchEmbed(config) + timestepEmbedder(config) + config.depth() * block(config)
                + finalLayer(config);
        return new DiTCost(config, p.countAll(), p.countTrainable(), total);
    }

    private static long linear(long rows, long in, long out) {
        return rows * in * out;
    }

    private static long layerNorm(long rows, long width) {
        return rows * width;
    }

    /** QKᵀ and AV over all heads: 2·T·L·D. */
    private static long attentionProducts(long queries, long keys, long width) {
        return 2 * queries * keys * width;
    }

    private static long patchEmbed(DiTConfig c) {
        return linear(c.numPatches(), (long) c.inChannels() * c.patchSize() * c.patchSize(), c.hiddenSize());
    }

    private static long timestepEmbedder(DiTConfig c) {
        return linear(1, DiTConfig.FREQUENCY_EMBEDDING_SIZE, c.hiddenSize()) + linear(1, c.hiddenSize(), c.hiddenSize());
    }

    /** One block of the configured design over T' tokens (T + 2 for in-context). */
    private static long block(DiTConfig c) {
        long t = DiTBlock.tokensSeen(c);
        long d = c.hiddenSize();
        long macs = 2 * layerNorm(t, d)
                + linear(t, d, 3 * d) + attentionProducts(t, t, d) + linear(t, d, d)
                + linear(t, d, c.mlpHidden()) + linear(t, c.mlpHidden(), d);
        return macs + switch (c.blockType()) {
            case ADALN_ZERO -> linear(1, d, 6 * d);
            case ADALN -> linear(1, d, 4 * d);
            case IN_CONTEXT -> 0;
            case CROSS_ATTENTION -> layerNorm(t, d) + linear(t, d, d) + linear(2, d, 2 * d)
                    + attentionProducts(t, 2, d) + linear(t, d, d);
        };
    }

    private static long finalLayer(DiTConfig c) {
        long t = c.numPatches();
        long d = c.hiddenSize();
        long macs = layerNorm(t, d) + linear(t, d, (long) c.patchSize() * c.patchSize() * c.outChannels());
        return macs + (c.blockType().adaptive() ? linear(1, d, 2 * d) : 0);
    }
}
