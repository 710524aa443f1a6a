package org.ditjava.diffusion;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Replays recorded draws in order, e.g. the {@code th.randn} / {@code randn_like} calls intercepted from the
 * reference. Each requested shape must equal the recorded one; asking past the end is an error, so a replay
 * also checks that a sampler draws exactly as often as the reference. Returns copies (float32).
 */
public final class ReplayNoise implements NoiseSource {

    private final List<INDArray> draws;
    private int position;

    public ReplayNoise(List<INDArray> draws) {
        this.draws = new ArrayList<>();
        for (INDArray draw : draws) {
            this.draws.add(draw.castTo(DataType.FLOAT).dup());
        }
    }

    /** The given draws, in order. */
    public static ReplayNoise of(INDArray... draws) {
        return new ReplayNoise(Arrays.asList(draws));
    }

    /** The draws stacked along dimension 0 of {@code stacked}: (K, ...) gives K draws of shape (...). */
    public static ReplayNoise unstacked(INDArray stacked) {
        List<INDArray> draws = new ArrayList<>();
        for (long k = 0; k < stacked.size(0); k++) {
            draws.add(Tensors.rows(stacked, k, k + 1).reshape(Arrays.copyOfRange(stacked.shape(), 1, stacked.rank())));
        }
        return new ReplayNoise(draws);
    }

    /** How many recorded draws have not been used yet. */
    public int remaining() {
        return draws.size() - position;
    }

    @Override
    public INDArray next(long[] shape) {
        if (position >= draws.size()) {
            throw new IllegalStateException("all " + draws.size() + " recorded draws are used up");
        }
        INDArray draw = draws.get(position);
        if (!Arrays.equals(draw.shape(), shape)) {
            throw new IllegalArgumentException("recorded draw " + position + " has shape "
                    + Arrays.toString(draw.shape()) + " but " + Arrays.toString(shape) + " was requested");
        }
        position++;
        return draw.dup();
    }
}
