package org.ditjava.vae;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The two VAE folder layouts {@link SdVae#load} accepts, told apart by their contents.
 */
public enum VaeFormat {
    /** diffusers' {@code AutoencoderKL} as published: {@code config.json} + {@code *.safetensors}; built natively. */
    DIFFUSERS,
    /** The two ONNX files of an export ({@code vae_encoder.onnx}, {@code vae_decoder.onnx}); imported. */
    ONNX;

    /** diffusers' config file name. */
    public static final String CONFIG = "config.json";
    /** diffusers' weight file name; another single {@code *.safetensors} is accepted too. */
    public static final String WEIGHTS = "diffusion_pytorch_model.safetensors";

    /**
     * The layout of {@code dir}: {@link #DIFFUSERS} when it holds {@code config.json} and a
     * safetensors file, {@link #ONNX} when it holds {@code config}'s encoder or decoder file (flat or
     * in optimum's sub-folders); otherwise an error naming the folder and what is missing.
     */
    public static VaeFormat of(Path dir, VaeConfig config) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + ": no such VAE folder (" + expected(config) + ")");
        }
        boolean hasConfig = Files.isRegularFile(dir.resolve(CONFIG));
        List<Path> weights = safetensors(dir);
        if (hasConfig && !weights.isEmpty()) {
            return DIFFUSERS;
        }
        for (String onnx : List.of(config.encoderFile(), config.decoderFile())) {
            if (Files.isRegularFile(dir.resolve(onnx))
                    || Files.isRegularFile(dir.resolve(onnx.replaceFirst("\\.onnx$", "")).resolve("model.onnx"))) {
                return ONNX;
            }
        }
        String found = hasConfig ? "it has " + CONFIG + " but no *.safetensors"
                : !weights.isEmpty() ? "it has " + weights.get(0).getFileName() + " but no " + CONFIG
                : "it has neither";
        throw new IOException(dir + ": not a VAE folder: " + expected(config) + "; " + found);
    }

    private static String expected(VaeConfig config) {
        return "expected " + CONFIG + " + " + WEIGHTS + " (diffusers AutoencoderKL, e.g. stabilityai/sd-vae-ft-ema) or "
                + config.encoderFile() + " + " + config.decoderFile() + " (ONNX export)";
    }

    /**
     * The weight file of a diffusers folder: {@link #WEIGHTS}, or the only {@code *.safetensors}.
     */
    public static Path weightsFile(Path dir) throws IOException {
        Path standard = dir.resolve(WEIGHTS);
        if (Files.isRegularFile(standard)) {
            return standard;
        }
        List<Path> all = safetensors(dir);
        if (all.size() != 1) {
            throw new IOException(dir + ": " + (all.isEmpty() ? "no *.safetensors weight file"
                    : "no " + WEIGHTS + " and several *.safetensors files " + all.stream().map(Path::getFileName).toList()
                    + "; which one is meant is unclear"));
        }
        return all.get(0);
    }

    private static List<Path> safetensors(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> out = new ArrayList<>();
            files.filter(f -> f.getFileName().toString().endsWith(".safetensors") && Files.isRegularFile(f))
                    .sorted().forEach(out::add);
            return out;
        }
    }
}
