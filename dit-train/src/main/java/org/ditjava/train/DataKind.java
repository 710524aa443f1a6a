package org.ditjava.train;

import org.ditjava.io.EnumNames;

/** Where training images come from. */
public enum DataKind {
    /** Fashion-MNIST's 60,000 training images in pixel space (1 × 28 × 28, or padded to 32). */
    FASHION_MNIST("fmnist"),
    /** An ImageNet-style folder ({@code root/<class>/<image>}), ADM center crop, in pixel space. */
    IMAGE_FOLDER("folder"),
    /** Pre-extracted VAE latents ({@code dit data extract-latents}), the paper's setting. */
    LATENT_SHARDS("latents");

    private final String cliName;

    DataKind(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    /** Parses {@code fmnist}, {@code folder} or {@code latents} (any case). */
    public static DataKind parse(String name) {
        return EnumNames.parse(DataKind.class, name, DataKind::cliName, "data kind");
    }
}
