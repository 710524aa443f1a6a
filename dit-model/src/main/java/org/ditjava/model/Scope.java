package org.ditjava.model;

/**
 * A dotted name prefix mirroring the official PyTorch module tree ({@code blocks.3.attn}). Every
 * graph variable name of the model is generated through this one class, so names equal the
 * official {@code state_dict} keys ({@code blocks.3.attn.qkv.weight}).
 *
 * @param prefix dotted path of the module, empty for the root
 */
public record Scope(String prefix) {

    /** The model itself (empty prefix). */
    public static Scope root() {
        return new Scope("");
    }

    /** A sub-module ({@code attn}) or list element ({@code 3}). */
    public Scope child(String part) {
        return new Scope(name(part));
    }

    /** A numbered element of a module list ({@code blocks.3}). */
    public Scope child(int index) {
        return child(Integer.toString(index));
    }

    /** The full name of a tensor or output of this module ({@code blocks.3.attn.qkv.weight}). */
    public String name(String leaf) {
        return prefix.isEmpty() ? leaf : prefix + "." + leaf;
    }
}
