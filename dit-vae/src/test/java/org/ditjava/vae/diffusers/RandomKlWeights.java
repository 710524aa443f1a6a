package org.ditjava.vae.diffusers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ditjava.io.SafetensorsWriter;
import org.ditjava.vae.VaeFormat;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Writes a diffusers {@code AutoencoderKL} folder with random weights (N(0, 1/fan_in), norms
 * around 1) for a given architecture: the state dict enumerated from diffusers' module layout
 * (independently of {@link KlGraphs}, with {@link KlNames}' names), today's attention naming. For
 * benchmarks at full width and for configs other than the fixtures'.
 */
public final class RandomKlWeights {
    private final Map<String, INDArray> tensors = new LinkedHashMap<>();

    private RandomKlWeights(long seed) {
        Nd4j.getRandom().setSeed(seed);
    }

    /** Writes {@code dir/config.json} and {@code dir/diffusion_pytorch_model.safetensors}. */
    public static void writeFolder(Path dir, List<Integer> widths, int layersPerBlock, int groups, int latent, long seed)
            throws IOException {
        Files.createDirectories(dir);
        String json = "{\n  \"_class_name\": \"AutoencoderKL\",\n  \"act_fn\": \"silu\",\n  \"block_out_channels\": " + widths
                + ",\n  \"down_block_types\": " + quoted(DiffusersVaeConfig.DOWN_BLOCK, widths.size())
                + ",\n  \"up_block_types\": " + quoted(DiffusersVaeConfig.UP_BLOCK, widths.size())
                + ",\n  \"in_channels\": 3,\n  \"out_channels\": 3,\n  \"latent_channels\": " + latent
                + ",\n  \"layers_per_block\": " + layersPerBlock + ",\n  \"norm_num_groups\": " + groups
                + ",\n  \"scaling_factor\": 0.18215\n}\n";
        Files.writeString(dir.resolve(VaeFormat.CONFIG), json, StandardCharsets.UTF_8);
        DiffusersVaeConfig c = DiffusersVaeConfig.read(dir.resolve(VaeFormat.CONFIG));
        SafetensorsWriter.write(dir.resolve(VaeFormat.WEIGHTS), of(c, seed), Map.of());
    }

    private static String quoted(String type, int n) {
        return java.util.Collections.nCopies(n, "\"" + type + "\"").stream().collect(Collectors.joining(", ", "[", "]"));
    }

    /** The state dict of {@code c}, random. */
    public static Map<String, INDArray> of(DiffusersVaeConfig c, long seed) {
        RandomKlWeights w = new RandomKlWeights(seed);
        long m = c.midWidth();
        long moments = 2L * c.latentChannels();
        w.conv(KlNames.convIn(KlNames.ENCODER), c.inChannels(), c.width(0), 3);
        long prev = c.width(0);
        for (int i = 0; i < c.blocks(); i++) {
            for (int j = 0; j < c.layersPerBlock(); j++) {
                w.resnet(KlNames.downResnet(i, j), j == 0 ? prev : c.width(i), c.width(i));
            }
            prev = c.width(i);
            if (i < c.blocks() - 1) {
                w.conv(KlNames.downsampler(i), prev, prev, 3);
            }
        }
        w.mid(KlNames.ENCODER, m);
        w.norm(KlNames.convNormOut(KlNames.ENCODER), m);
        w.conv(KlNames.convOut(KlNames.ENCODER), m, moments, 3);
        w.conv(KlNames.QUANT_CONV, moments, moments, 1);
        w.conv(KlNames.POST_QUANT_CONV, c.latentChannels(), c.latentChannels(), 1);
        w.conv(KlNames.convIn(KlNames.DECODER), c.latentChannels(), m, 3);
        w.mid(KlNames.DECODER, m);
        prev = m;
        for (int i = 0; i < c.blocks(); i++) {
            long width = c.width(c.blocks() - 1 - i);
            for (int j = 0; j <= c.layersPerBlock(); j++) {
                w.resnet(KlNames.upResnet(i, j), j == 0 ? prev : width, width);
            }
            prev = width;
            if (i < c.blocks() - 1) {
                w.conv(KlNames.upsampler(i), width, width, 3);
            }
        }
        w.norm(KlNames.convNormOut(KlNames.DECODER), c.width(0));
        w.conv(KlNames.convOut(KlNames.DECODER), c.width(0), c.outChannels(), 3);
        return w.tensors;
    }

    private void mid(String side, long c) {
        resnet(KlNames.midResnet(side, 0), c, c);
        String a = KlNames.midAttention(side);
        norm(KlNames.groupNorm(a), c);
        for (String p : List.of(AttentionNaming.CURRENT.query, AttentionNaming.CURRENT.key, AttentionNaming.CURRENT.value,
                AttentionNaming.CURRENT.out)) {
            put(KlNames.projection(a, p), c, c);
        }
        resnet(KlNames.midResnet(side, 1), c, c);
    }

    private void resnet(String r, long cin, long cout) {
        norm(KlNames.norm1(r), cin);
        conv(KlNames.conv1(r), cin, cout, 3);
        norm(KlNames.norm2(r), cout);
        conv(KlNames.conv2(r), cout, cout, 3);
        if (cin != cout) {
            conv(KlNames.convShortcut(r), cin, cout, 1);
        }
    }

    private void conv(String module, long cin, long cout, long k) {
        put(module, cout, cin, k, k);
    }

    private void put(String module, long... shape) {
        long fanIn = 1;
        for (int i = 1; i < shape.length; i++) {
            fanIn *= shape[i];
        }
        tensors.put(KlNames.weight(module), Nd4j.randn(DataType.FLOAT, shape).muli(1 / Math.sqrt(fanIn)));
        tensors.put(KlNames.bias(module), Nd4j.randn(DataType.FLOAT, shape[0]).muli(0.02));
    }

    private void norm(String module, long c) {
        tensors.put(KlNames.weight(module), Nd4j.randn(DataType.FLOAT, c).muli(0.1).addi(1));
        tensors.put(KlNames.bias(module), Nd4j.randn(DataType.FLOAT, c).muli(0.1));
    }
}
