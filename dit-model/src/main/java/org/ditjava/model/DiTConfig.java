package org.ditjava.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An immutable, validated DiT configuration (official {@code models.py}: the {@code DiT} constructor
 * arguments and the {@code DiT_models} presets; paper Table 1).
 *
 * @param depth            number of transformer blocks N
 * @param hiddenSize       token width d
 * @param patchSize        patch edge p (in latent pixels)
 * @param numHeads         attention heads (d must be divisible by it)
 * @param inputSize        latent edge H = W (32 for 256-px images, 64 for 512-px)
 * @param inChannels       latent channels C
 * @param numClasses       class labels 0..numClasses-1 (the null label is {@code numClasses})
 * @param classDropoutProb label-drop probability for classifier-free guidance training; &gt; 0 adds
 *                         the null row to the label table (as the official code)
 * @param learnSigma       whether the output also carries the variance interpolation channels
 * @param blockType        conditioning design (paper §3.2)
 * @param mlpRatio         MLP hidden width / d (hidden width is {@code (int) (d * mlpRatio)})
 */
public record DiTConfig(int depth, int hiddenSize, int patchSize, int numHeads, int inputSize, int inChannels,
                        int numClasses, double classDropoutProb, boolean learnSigma, BlockType blockType,
                        double mlpRatio) {

    /** Width of the sinusoidal timestep features fed to the timestep MLP (official constant). */
    public static final int FREQUENCY_EMBEDDING_SIZE = 256;

    public static final DiTConfig XL_2 = preset(28, 1152, 2, 16);
    public static final DiTConfig XL_4 = preset(28, 1152, 4, 16);
    public static final DiTConfig XL_8 = preset(28, 1152, 8, 16);
    public static final DiTConfig L_2 = preset(24, 1024, 2, 16);
    public static final DiTConfig L_4 = preset(24, 1024, 4, 16);
    public static final DiTConfig L_8 = preset(24, 1024, 8, 16);
    public static final DiTConfig B_2 = preset(12, 768, 2, 12);
    public static final DiTConfig B_4 = preset(12, 768, 4, 12);
    public static final DiTConfig B_8 = preset(12, 768, 8, 12);
    public static final DiTConfig S_2 = preset(12, 384, 2, 6);
    public static final DiTConfig S_4 = preset(12, 384, 4, 6);
    public static final DiTConfig S_8 = preset(12, 384, 8, 6);

    private static final Map<String, DiTConfig> PRESETS = presets();

    public DiTConfig {
        List<String> problems = new ArrayList<>();
        positive(problems, "depth", depth);
        positive(problems, "hiddenSize", hiddenSize);
        positive(problems, "patchSize", patchSize);
        positive(problems, "numHeads", numHeads);
        positive(problems, "inputSize", inputSize);
        positive(problems, "inChannels", inChannels);
        positive(problems, "numClasses", numClasses);
        if (numHeads > 0 && hiddenSize % numHeads != 0) {
            problems.add("hiddenSize " + hiddenSize + " is not divisible by numHeads " + numHeads);
        }
        if (hiddenSize > 0 && hiddenSize % 4 != 0) {
            problems.add("hiddenSize " + hiddenSize + " is not divisible by 4 (the 2-D sin-cos table needs it)");
        }
        if (patchSize > 0 && inputSize % patchSize != 0) {
            problems.add("inputSize " + inputSize + " is not divisible by patchSize " + patchSize);
        }
        if (!(classDropoutProb >= 0 && classDropoutProb < 1)) {
            problems.add("classDropoutProb " + classDropoutProb + " is not in [0, 1)");
        }
        if (!(mlpRatio > 0) || (int) (hiddenSize * mlpRatio) < 1) {
            problems.add("mlpRatio " + mlpRatio + " does not give a positive MLP width");
        }
        if (blockType == null) {
            problems.add("blockType is null");
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException("invalid DiT config: " + String.join("; ", problems));
        }
    }

    private static DiTConfig preset(int depth, int hidden, int patch, int heads) {
        return new DiTConfig(depth, hidden, patch, heads, 32, 4, 1000, 0.1, true, BlockType.ADALN_ZERO, 4.0);
    }

    /** A preset by its paper name ({@code "DiT-XL/2"}, case-insensitive), at input size 32. */
    public static DiTConfig byName(String name) {
        DiTConfig c = PRESETS.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name.trim()))
                .map(Map.Entry::getValue)
                .findFirst().orElse(null);
        if (c == null) {
            throw new IllegalArgumentException("unknown DiT model '" + name + "'; expected one of "
                    + String.join(", ", PRESETS.keySet()));
        }
        return c;
    }

    /** The 12 presets, in paper order (S, B, L, XL; patch 2, 4, 8), keyed by name. */
    public static Map<String, DiTConfig> presetsByName() {
        return PRESETS;
    }

    private static Map<String, DiTConfig> presets() {
        Map<String, DiTConfig> m = new LinkedHashMap<>();
        for (DiTConfig c : List.of(S_2, S_4, S_8, B_2, B_4, B_8, L_2, L_4, L_8, XL_2, XL_4, XL_8)) {
            m.put(c.familyName() + "/" + c.patchSize, c);
        }
        return Collections.unmodifiableMap(m);
    }

    /** {@code "DiT-XL/2"} for a preset architecture (any input size, classes, design), else {@code "DiT-custom"}. */
    public String modelName() {
        String family = familyName();
        return family.equals("DiT-custom") ? family : family + "/" + patchSize;
    }

    private String familyName() {
        if (mlpRatio != 4.0) {
            return "DiT-custom";
        }
        return switch (depth + "x" + hiddenSize + "x" + numHeads) {
            case "12x384x6" -> "DiT-S";
            case "12x768x12" -> "DiT-B";
            case "24x1024x16" -> "DiT-L";
            case "28x1152x16" -> "DiT-XL";
            default -> "DiT-custom";
        };
    }

    // ----------------------------------------------------------------- derived values

    /** Patches per side, H / p. */
    public int gridSize() {
        return inputSize / patchSize;
    }

    /** Image tokens T = (H / p)². */
    public int numPatches() {
        return gridSize() * gridSize();
    }

    /** Output channels: 2C with learned sigma, else C. */
    public int outChannels() {
        return learnSigma ? 2 * inChannels : inChannels;
    }

    /** Per-head width d / heads. */
    public int headDim() {
        return hiddenSize / numHeads;
    }

    /** MLP hidden width, {@code int(hidden_size * mlp_ratio)} as the official code. */
    public int mlpHidden() {
        return (int) (hiddenSize * mlpRatio);
    }

    /** Whether the label table has the extra "null" row (official: {@code class_dropout_prob > 0}). */
    public boolean hasNullClass() {
        return classDropoutProb > 0;
    }

    /** Rows of the label table: classes plus the null row when there is one. */
    public int labelTableRows() {
        return numClasses + (hasNullClass() ? 1 : 0);
    }

    /** The null (unconditional) label, {@code numClasses}; throws when the model has no null row. */
    public int nullClass() {
        if (!hasNullClass()) {
            throw new IllegalStateException("this DiT config has no null class (classDropoutProb is 0)");
        }
        return numClasses;
    }

    /** Pixel size of the images whose latents this model sees (8x the latent, SD VAE). */
    public int imageSize() {
        return inputSize * 8;
    }

    // ----------------------------------------------------------------- withers

    public DiTConfig withInputSize(int size) {
        return new DiTConfig(depth, hiddenSize, patchSize, numHeads, size, inChannels, numClasses,
                classDropoutProb, learnSigma, blockType, mlpRatio);
    }

    public DiTConfig withBlockType(BlockType type) {
        return new DiTConfig(depth, hiddenSize, patchSize, numHeads, inputSize, inChannels, numClasses,
                classDropoutProb, learnSigma, type, mlpRatio);
    }

    public DiTConfig withClasses(int classes, double dropoutProb) {
        return new DiTConfig(depth, hiddenSize, patchSize, numHeads, inputSize, inChannels, classes,
                dropoutProb, learnSigma, blockType, mlpRatio);
    }

    public DiTConfig withChannels(int channels, boolean sigma) {
        return new DiTConfig(depth, hiddenSize, patchSize, numHeads, inputSize, channels, numClasses,
                classDropoutProb, sigma, blockType, mlpRatio);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s(depth=%d, hidden=%d, patch=%d, heads=%d, input=%d, channels=%d, "
                        + "classes=%d, dropout=%s, learnSigma=%s, block=%s, mlpRatio=%s)",
                modelName(), depth, hiddenSize, patchSize, numHeads, inputSize, inChannels, numClasses,
                classDropoutProb, learnSigma, blockType.cliName(), mlpRatio);
    }

    private static void positive(List<String> problems, String what, int value) {
        if (value < 1) {
            problems.add(what + " " + value + " is not positive");
        }
    }
}
