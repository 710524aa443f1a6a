package org.ditjava.eval;

import org.ditjava.io.EnumNames;

/**
 * Where the reference side's FID / sFID statistics come from when the reference {@code .npz}
 * carries precomputed {@code mu}, {@code sigma}, {@code mu_s}, {@code sigma_s} (ADM's reference
 * batches do, computed with ADM's TensorFlow Inception).
 */
public enum ReferenceStatistics {
    /** The file's own statistics when present, as {@code Evaluator.read_statistics} in guided-diffusion's {@code evaluations/evaluator.py}. */
    FILE,
    /** Always the statistics of the reference images under this run's feature network (consistent with the samples' features). */
    IMAGES;

    /** Parses {@code file} or {@code images} (any case). */
    public static ReferenceStatistics parse(String name) {
        return EnumNames.parse(ReferenceStatistics.class, name, r -> r.name().toLowerCase(java.util.Locale.ROOT),
                "reference statistics");
    }
}
