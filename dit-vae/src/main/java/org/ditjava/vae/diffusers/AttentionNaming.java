package org.ditjava.vae.diffusers;

/**
 * The two namings of the mid-block attention's projections in published diffusers VAE files:
 * today's {@code Attention} ({@code to_q}, {@code to_k}, {@code to_v}, {@code to_out.0}) and the
 * deprecated {@code AttentionBlock} ({@code query}, {@code key}, {@code value}, {@code proj_attn}),
 * which diffusers still converts on load and which older files (sd-vae-ft-ema among them) carry.
 */
enum AttentionNaming {
    CURRENT("to_q", "to_k", "to_v", "to_out.0"),
    DEPRECATED("query", "key", "value", "proj_attn");

    final String query;
    final String key;
    final String value;
    final String out;

    AttentionNaming(String query, String key, String value, String out) {
        this.query = query;
        this.key = key;
        this.value = value;
        this.out = out;
    }

    /** The naming whose query weight of {@code attention} (a module prefix) is in {@code state}; else an error. */
    static AttentionNaming detect(StateDict state, String attention) {
        for (AttentionNaming n : values()) {
            if (state.contains(attention + "." + n.query + ".weight")) {
                return n;
            }
        }
        throw state.missing(attention + "." + CURRENT.query + ".weight",
                "(nor the deprecated " + attention + "." + DEPRECATED.query + ".weight)");
    }
}
