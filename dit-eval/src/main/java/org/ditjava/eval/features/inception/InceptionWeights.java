package org.ditjava.eval.features.inception;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * pytorch-fid's Inception state dict (torchvision {@code Inception3} names: {@code Mixed_6d.branch1x1.conv.weight},
 * {@code Mixed_6d.branch1x1.bn.running_var}, {@code fc.bias}, ...) as the graph builder takes it:
 * every tensor read once as float32, checked by rank and against the widths of the layers before
 * it, and every tensor of the file must be used ({@code num_batches_tracked} aside), so a file of
 * another network fails by name.
 */
final class InceptionWeights {
    private final Map<String, INDArray> tensors;
    private final String source;
    private final Set<String> unused = new LinkedHashSet<>();

    InceptionWeights(Map<String, INDArray> tensors, String source) {
        this.tensors = tensors;
        this.source = source;
        tensors.keySet().stream().filter(k -> !k.endsWith(".num_batches_tracked")).forEach(unused::add);
    }

    String source() {
        return source;
    }

    /** Tensor {@code name} as float32, of rank {@code rank}. */
    INDArray take(String name, int rank) {
        INDArray a = tensors.get(name);
        if (a == null) {
            List<String> some = tensors.keySet().stream().limit(6).toList();
            throw new IllegalArgumentException(source + ": no tensor '" + name + "', which pytorch-fid's FID Inception has (the file holds "
                    + tensors.size() + " tensors, e.g. " + some + ")");
        }
        if (a.rank() != rank) {
            throw new IllegalArgumentException(source + ": tensor '" + name + "' has shape " + Arrays.toString(a.shape())
                    + ", expected rank " + rank);
        }
        unused.remove(name);
        return a.dataType() == DataType.FLOAT ? a : a.castTo(DataType.FLOAT);
    }

    /** Fails when {@code a}'s dimension {@code axis} is not {@code expected} (the width the previous layers produce). */
    void requireSize(String name, INDArray a, int axis, long expected) {
        if (a.size(axis) != expected) {
            throw new IllegalArgumentException(source + ": tensor '" + name + "' has shape " + Arrays.toString(a.shape())
                    + ": dimension " + axis + " should be " + expected + " to fit the layers before it");
        }
    }

    /** Fails when the file holds tensors the network did not use. */
    void requireAllTaken() {
        if (!unused.isEmpty()) {
            throw new IllegalArgumentException(source + ": " + unused.size() + " tensors are not part of pytorch-fid's FID Inception, e.g. "
                    + unused.stream().limit(8).toList());
        }
    }
}
