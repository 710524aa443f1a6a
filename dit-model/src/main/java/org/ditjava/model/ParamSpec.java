package org.ditjava.model;

import java.util.Arrays;

/**
 * One tensor of the model: official name, PyTorch shape (Linear weights are (out, in)), and
 * initialisation.
 *
 * @param name  {@code state_dict} key
 * @param shape PyTorch shape
 * @param init  official initialisation
 */
public record ParamSpec(String name, long[] shape, ParamInit init) {

    public ParamSpec {
        shape = shape.clone();
    }

    @Override
    public long[] shape() {
        return shape.clone();
    }

    /** Number of values. */
    public long numel() {
        long n = 1;
        for (long d : shape) {
            n *= d;
        }
        return n;
    }

    /** Whether the optimiser updates it ({@code pos_embed} is a frozen buffer-like parameter). */
    public boolean trainable() {
        return init != ParamInit.SINCOS_2D;
    }

    /** The shape as NumPy prints it, {@code (192, 64)}. */
    public static String shapeString(long[] shape) {
        if (shape.length == 1) {
            return "(" + shape[0] + ",)";
        }
        return Arrays.toString(shape).replace('[', '(').replace(']', ')');
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ParamSpec p && p.name.equals(name) && Arrays.equals(p.shape, shape) && p.init == init;
    }

    @Override
    public int hashCode() {
        return name.hashCode() * 31 + Arrays.hashCode(shape);
    }

    @Override
    public String toString() {
        return name + " " + shapeString(shape) + " " + init;
    }
}
