package org.ditjava.model;

import org.nd4j.autodiff.samediff.SDVariable;

/**
 * The conditioning a block may use.
 *
 * @param c      t_emb + y_emb, (N, D): adaLN designs
 * @param tokens [t_emb, y_emb] stacked as a length-2 sequence, (N, 2, D): cross-attention design
 */
public record Conditioning(SDVariable c, SDVariable tokens) {
}
