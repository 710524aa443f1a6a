package org.ditjava.train;

import java.nio.file.Path;
import org.ditjava.diffusion.BetaSchedule;
import org.ditjava.io.EnumNames;
import org.ditjava.model.BlockType;
import org.ditjava.model.DiTConfig;

/**
 * Named training settings. {@link #PAPER} is the paper's recipe (§4, DiT train.py); the Fashion-MNIST
 * presets are laptop recipes chosen by measurement (see the README), not the paper's.
 */
public enum TrainPreset {
    /**
     * The quickstart: Fashion-MNIST 28 × 28 in pixel space on a 1.3 M-parameter DiT (depth 4, width 128,
     * 4 heads, patch 4: 49 tokens), 25 minutes on one CPU thread. Chosen by measurement (README):
     * deviations from the paper, all for a short CPU run: batch 32 and a 30× higher learning rate (more,
     * larger updates: 12-minute runs gave 52 % classifier agreement against 21 % with batch 64 and 1e-3),
     * EMA decay 0.99 (0.9999 would average over more steps than the run has), no flips (Fashion-MNIST's
     * shoes all face one way), one ND4J thread (faster than two on a shared 2-core machine), previews
     * with 50 DDIM steps.
     */
    FMNIST_QUICK("fmnist-quick") {
        @Override
        public TrainConfig config(Path dataDir) {
            DiTConfig model = new DiTConfig(4, 128, 4, 4, 28, 1, 10, 0.1, true, BlockType.ADALN_ZERO, 4.0);
            return new TrainConfig(model, new DataSpec(DataKind.FASHION_MNIST, dataDir, 28, false), 1000,
                    BetaSchedule.LINEAR, AdamConfig.PAPER.withLearningRate(3e-3), 0.99, 32, 1, 0, 0, 25, 50, 500, 3,
                    new PreviewSpec(1500, new SamplerSpec(SamplerKind.DDIM, 50, 0), 4.0, 10, 10, 1, true), 1);
        }
    },
    /** A seconds-long smoke run: a one-block DiT on Fashion-MNIST, 20 steps. */
    FMNIST_TINY("fmnist-tiny") {
        @Override
        public TrainConfig config(Path dataDir) {
            DiTConfig model = new DiTConfig(1, 32, 4, 2, 28, 1, 10, 0.1, true, BlockType.ADALN_ZERO, 4.0);
            return new TrainConfig(model, new DataSpec(DataKind.FASHION_MNIST, dataDir, 28, false), 1000,
                    BetaSchedule.LINEAR, AdamConfig.PAPER.withLearningRate(1e-3), 0.99, 8, 1, 0, 20, 0, 5, 10, 2,
                    new PreviewSpec(0, new SamplerSpec(SamplerKind.DDIM, 10, 0), 4.0, 4, 10, 1, true), 1);
        }
    },
    /**
     * The paper: DiT-XL/2 on 256 × 256 ImageNet latents (32 × 32 × 4, pre-extracted with
     * {@code dit data extract-latents}), AdamW 1e-4 without weight decay, batch 256, EMA 0.9999, label
     * dropout 0.1, flips, 400K steps (the paper's comparisons), log every 100, checkpoint every 50K
     * (train.py's defaults). Previews: 250 DDPM steps, guidance 4.0, every 10K steps.
     */
    PAPER("paper") {
        @Override
        public TrainConfig config(Path dataDir) {
            return new TrainConfig(DiTConfig.XL_2, new DataSpec(DataKind.LATENT_SHARDS, dataDir, 256, true), 1000,
                    BetaSchedule.LINEAR, AdamConfig.PAPER, 0.9999, 256, 1, 0, 400_000, 0, 100, 50_000, 3,
                    new PreviewSpec(10_000, SamplerSpec.PAPER, 4.0, 8, 8, 0, true), 0);
        }
    };

    private final String cliName;

    TrainPreset(String cliName) {
        this.cliName = cliName;
    }

    /** The settings, reading data from {@code dataDir} (null: the data kind's default location). */
    public abstract TrainConfig config(Path dataDir);

    public String cliName() {
        return cliName;
    }

    /** Parses a preset name ({@code fmnist-quick}, any case). */
    public static TrainPreset parse(String name) {
        return EnumNames.parse(TrainPreset.class, name, TrainPreset::cliName, "preset");
    }
}
