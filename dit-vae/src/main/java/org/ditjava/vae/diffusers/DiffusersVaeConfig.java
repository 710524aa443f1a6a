package org.ditjava.vae.diffusers;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The settings of a diffusers {@code AutoencoderKL} ({@code config.json}), with diffusers' defaults
 * for absent keys ({@code diffusers/models/autoencoders/autoencoder_kl.py}, {@code __init__}).
 *
 * @param inChannels image channels (3)
 * @param outChannels decoded channels (3)
 * @param latentChannels latent channels (4); the encoder returns twice as many moments
 * @param blockOutChannels widths of the encoder's down blocks (the decoder's up blocks reversed),
 *     e.g. 128, 256, 512, 512 for sd-vae-ft-ema
 * @param layersPerBlock ResNet blocks per encoder down block (the decoder has one more per up block)
 * @param normNumGroups GroupNorm groups (32)
 * @param scalingFactor the latent scale (diffusers' default 0.18215 when absent)
 * @param midBlockAttention whether the mid blocks hold their attention ({@code mid_block_add_attention})
 * @param useQuantConv whether {@code quant_conv} follows the encoder ({@code use_quant_conv})
 * @param usePostQuantConv whether {@code post_quant_conv} precedes the decoder ({@code use_post_quant_conv})
 */
public record DiffusersVaeConfig(int inChannels, int outChannels, int latentChannels, List<Integer> blockOutChannels,
                                 int layersPerBlock, int normNumGroups, double scalingFactor,
                                 boolean midBlockAttention, boolean useQuantConv, boolean usePostQuantConv) {
    /** diffusers' default {@code scaling_factor}, Stable Diffusion's latent scale. */
    public static final double DEFAULT_SCALING_FACTOR = 0.18215;
    static final String DOWN_BLOCK = "DownEncoderBlock2D";
    static final String UP_BLOCK = "UpDecoderBlock2D";

    public DiffusersVaeConfig {
        blockOutChannels = List.copyOf(blockOutChannels);
        if (blockOutChannels.isEmpty()) {
            throw new IllegalArgumentException("block_out_channels is empty");
        }
        positive("in_channels", inChannels);
        positive("out_channels", outChannels);
        positive("latent_channels", latentChannels);
        positive("layers_per_block", layersPerBlock);
        positive("norm_num_groups", normNumGroups);
        for (int width : blockOutChannels) {
            if (width <= 0 || width % normNumGroups != 0) {
                throw new IllegalArgumentException("block_out_channels " + blockOutChannels
                        + ": every width must be a positive multiple of norm_num_groups " + normNumGroups);
            }
        }
        if (!(scalingFactor > 0) || Double.isInfinite(scalingFactor)) {
            throw new IllegalArgumentException("scaling_factor must be a positive number, got " + scalingFactor);
        }
    }

    /** Number of down (and up) blocks. */
    public int blocks() {
        return blockOutChannels.size();
    }

    /** Width of block {@code i} of the encoder. */
    public int width(int i) {
        return blockOutChannels.get(i);
    }

    /** The widest block, the width of both mid blocks. */
    public int midWidth() {
        return blockOutChannels.get(blocks() - 1);
    }

    /** Spatial down-sampling factor between images and latents: 2^(blocks − 1). */
    public int downsampling() {
        return 1 << (blocks() - 1);
    }

    /** Reads {@code file}; every problem is an {@link IOException} naming the file and the key. */
    public static DiffusersVaeConfig read(Path file) throws IOException {
        JsonObject root;
        try {
            JsonElement e = JsonParser.parseString(Files.readString(file, StandardCharsets.UTF_8));
            if (!e.isJsonObject()) {
                throw new IOException(file + ": not a JSON object");
            }
            root = e.getAsJsonObject();
        } catch (JsonParseException e) {
            throw new IOException(file + ": not valid JSON: " + e.getMessage(), e);
        }
        try {
            return of(root);
        } catch (IllegalArgumentException | IllegalStateException | UnsupportedOperationException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    static DiffusersVaeConfig of(JsonObject c) {
        String cls = string(c, "_class_name", "AutoencoderKL");
        if (!cls.equals("AutoencoderKL")) {
            throw new IllegalArgumentException("_class_name is '" + cls + "', not AutoencoderKL");
        }
        String act = string(c, "act_fn", "silu");
        if (!act.equals("silu")) {
            throw new IllegalArgumentException("act_fn '" + act + "' is not supported (only silu)");
        }
        List<Integer> widths = ints(c, "block_out_channels", List.of(64));
        checkTypes(c, "down_block_types", DOWN_BLOCK, widths.size());
        checkTypes(c, "up_block_types", UP_BLOCK, widths.size());
        double scale = c.has("scaling_factor") && !c.get("scaling_factor").isJsonNull()
                ? number(c, "scaling_factor") : DEFAULT_SCALING_FACTOR;
        return new DiffusersVaeConfig(integer(c, "in_channels", 3), integer(c, "out_channels", 3),
                integer(c, "latent_channels", 4), widths, integer(c, "layers_per_block", 1),
                integer(c, "norm_num_groups", 32), scale, bool(c, "mid_block_add_attention", true),
                bool(c, "use_quant_conv", true), bool(c, "use_post_quant_conv", true));
    }

    private static void checkTypes(JsonObject c, String key, String expected, int blocks) {
        if (!c.has(key)) {
            if (blocks != 1) {
                throw new IllegalArgumentException(key + " is missing (diffusers' default has one block, block_out_channels has " + blocks + ")");
            }
            return;
        }
        JsonArray a = array(c, key);
        if (a.size() != blocks) {
            throw new IllegalArgumentException(key + " has " + a.size() + " entries, block_out_channels " + blocks);
        }
        for (JsonElement e : a) {
            if (!e.isJsonPrimitive() || !e.getAsString().equals(expected)) {
                throw new IllegalArgumentException(key + " holds " + e + ": only " + expected + " is supported");
            }
        }
    }

    private static void positive(String key, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(key + " must be positive, got " + v);
        }
    }

    private static JsonArray array(JsonObject c, String key) {
        if (!c.get(key).isJsonArray()) {
            throw new IllegalArgumentException(key + " must be a list, got " + c.get(key));
        }
        return c.getAsJsonArray(key);
    }

    private static List<Integer> ints(JsonObject c, String key, List<Integer> fallback) {
        if (!c.has(key)) {
            return fallback;
        }
        List<Integer> out = new ArrayList<>();
        for (JsonElement e : array(c, key)) {
            out.add(asInt(key, e));
        }
        return out;
    }

    private static int integer(JsonObject c, String key, int fallback) {
        return c.has(key) ? asInt(key, c.get(key)) : fallback;
    }

    private static int asInt(String key, JsonElement e) {
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber() || e.getAsDouble() != Math.rint(e.getAsDouble())) {
            throw new IllegalArgumentException(key + " must hold integers, got " + e);
        }
        return e.getAsInt();
    }

    private static double number(JsonObject c, String key) {
        JsonElement e = c.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isNumber()) {
            throw new IllegalArgumentException(key + " must be a number, got " + e);
        }
        return e.getAsDouble();
    }

    private static boolean bool(JsonObject c, String key, boolean fallback) {
        if (!c.has(key) || c.get(key).isJsonNull()) {
            return fallback;
        }
        JsonElement e = c.get(key);
        if (!e.isJsonPrimitive() || !e.getAsJsonPrimitive().isBoolean()) {
            throw new IllegalArgumentException(key + " must be true or false, got " + e);
        }
        return e.getAsBoolean();
    }

    private static String string(JsonObject c, String key, String fallback) {
        if (!c.has(key) || c.get(key).isJsonNull()) {
            return fallback;
        }
        return c.get(key).getAsString();
    }
}
