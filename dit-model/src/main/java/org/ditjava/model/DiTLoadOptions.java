package org.ditjava.model;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * How {@link DiTModel#load(java.nio.file.Path, DiTLoadOptions, org.nd4j.linalg.api.buffer.DataType)}
 * reads a weight file.
 *
 * @param weightsKey which weights of a {@code train.py} checkpoint (EMA by default; ignored for other files)
 * @param config     the configuration to build, checked against the file's shapes; empty: the file's
 *                   {@code cfg.*} keys, else {@link DiTShapeInference}
 * @param numHeads   attention heads when the configuration is taken from the file (shapes do not show them)
 */
public record DiTLoadOptions(WeightsKey weightsKey, Optional<DiTConfig> config, OptionalInt numHeads) {

    public DiTLoadOptions {
        Objects.requireNonNull(weightsKey, "weightsKey");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(numHeads, "numHeads");
        if (numHeads.isPresent() && numHeads.getAsInt() < 1) {
            throw new IllegalArgumentException("numHeads must be positive, got " + numHeads.getAsInt());
        }
    }

    /** EMA weights, configuration from the file. */
    public static DiTLoadOptions defaults() {
        return new DiTLoadOptions(WeightsKey.EMA, Optional.empty(), OptionalInt.empty());
    }

    public DiTLoadOptions withWeightsKey(WeightsKey key) {
        return new DiTLoadOptions(key, config, numHeads);
    }

    public DiTLoadOptions withConfig(DiTConfig c) {
        return new DiTLoadOptions(weightsKey, Optional.of(c), numHeads);
    }

    public DiTLoadOptions withNumHeads(int heads) {
        return new DiTLoadOptions(weightsKey, config, OptionalInt.of(heads));
    }
}
