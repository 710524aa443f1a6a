package org.ditjava.vae.bench;

import static org.ditjava.onnx.OnnxModelBuilder.floatAttr;
import static org.ditjava.onnx.OnnxModelBuilder.intAttr;
import static org.ditjava.onnx.OnnxModelBuilder.ints;
import static org.ditjava.onnx.OnnxModelBuilder.string;

import java.util.List;
import onnx.Onnx.ModelProto;
import org.ditjava.onnx.OnnxModelBuilder;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Writes a diffusers {@code AutoencoderKL} encoder / decoder as ONNX in the op patterns of
 * torch.onnx.export (see fixtures/vae/README.md): GroupNorm as Reshape → InstanceNormalization →
 * Reshape(Shape) → Mul → Add, SiLU as Sigmoid · x, the downsampler's Pad with pads built from
 * Constant / ConstantOfShape / Concat / Reshape / Slice / Transpose / Cast, nearest ×2 Resize,
 * single-head attention through Shape / Gather / Unsqueeze / Concat reshapes and MatMuls. Random
 * weights (N(0, 1/fan_in)); batch, height and width are dynamic, as in optimum's exports.
 * Opset 13 or later (Unsqueeze takes its axes as an input).
 */
public final class SdVaeOnnxWriter {
    private final OnnxModelBuilder b;
    private int id;

    private SdVaeOnnxWriter(int opset, long seed) {
        this.b = new OnnxModelBuilder(opset);
        Nd4j.getRandom().setSeed(seed);
    }

    /** {@code post_quant_conv} + decoder: latent_sample (N, L, h, w) → sample (N, 3, h·2^(B−1), …). */
    public static ModelProto decoder(int[] blockOut, int layersPerBlock, int latent, int opset, long seed) {
        SdVaeOnnxWriter w = new SdVaeOnnxWriter(opset, seed);
        w.b.input("latent_sample", DataType.FLOAT, "batch", latent, "height", "width");
        int top = blockOut[blockOut.length - 1];
        String x = w.conv("latent_sample", "post_quant_conv", latent, latent, 1, 1, 0);
        x = w.conv(x, "decoder.conv_in", latent, top, 3, 1, 1);
        x = w.mid(x, "decoder.mid_block", top);
        int prev = top;
        for (int i = 0; i < blockOut.length; i++) {
            int out = blockOut[blockOut.length - 1 - i];
            for (int r = 0; r <= layersPerBlock; r++) {
                x = w.resnet(x, "decoder.up_blocks." + i + ".resnets." + r, r == 0 ? prev : out, out);
            }
            if (i < blockOut.length - 1) {
                String scales = w.constant("scales", Nd4j.createFromArray(1f, 1f, 2f, 2f));
                String up = w.name("resize");
                w.b.node("Resize", List.of(x, "", scales), List.of(up), string("mode", "nearest"),
                        string("coordinate_transformation_mode", "asymmetric"), string("nearest_mode", "floor"));
                x = w.conv(up, "decoder.up_blocks." + i + ".upsamplers.0.conv", out, out, 3, 1, 1);
            }
            prev = out;
        }
        x = w.silu(w.groupNorm(x, "decoder.conv_norm_out", blockOut[0]));
        x = w.conv(x, "decoder.conv_out", blockOut[0], 3, 3, 1, 1);
        w.b.node("Identity", List.of(x), List.of("sample")).output("sample");
        return w.b.build();
    }

    /** encoder + {@code quant_conv}: sample (N, 3, H, W) → latent_parameters (N, 2L, H/2^(B−1), …). */
    public static ModelProto encoder(int[] blockOut, int layersPerBlock, int latent, int opset, long seed) {
        SdVaeOnnxWriter w = new SdVaeOnnxWriter(opset, seed);
        w.b.input("sample", DataType.FLOAT, "batch", 3, "height", "width");
        String x = w.conv("sample", "encoder.conv_in", 3, blockOut[0], 3, 1, 1);
        int prev = blockOut[0];
        for (int i = 0; i < blockOut.length; i++) {
            for (int r = 0; r < layersPerBlock; r++) {
                x = w.resnet(x, "encoder.down_blocks." + i + ".resnets." + r, r == 0 ? prev : blockOut[i], blockOut[i]);
            }
            if (i < blockOut.length - 1) {
                x = w.conv(w.torchPad(x), "encoder.down_blocks." + i + ".downsamplers.0.conv", blockOut[i], blockOut[i], 3, 2, 0);
            }
            prev = blockOut[i];
        }
        x = w.mid(x, "encoder.mid_block", prev);
        x = w.silu(w.groupNorm(x, "encoder.conv_norm_out", prev));
        x = w.conv(x, "encoder.conv_out", prev, 2 * latent, 3, 1, 1);
        x = w.conv(x, "quant_conv", 2 * latent, 2 * latent, 1, 1, 0);
        w.b.node("Identity", List.of(x), List.of("latent_parameters")).output("latent_parameters");
        return w.b.build();
    }

    private String name(String kind) {
        return "/" + kind + "_" + id++;
    }

    /** A Constant node named {@code /c_<id>}. */
    private String constant(INDArray value) {
        return constant("c", value);
    }

    /** A Constant node named {@code /<kind>_<id>}. */
    private String constant(String kind, INDArray value) {
        String n = name(kind);
        b.constant(n, value);
        return n;
    }

    private String weight(String name, INDArray value) {
        b.initializer(name, value);
        return name;
    }

    private String conv(String x, String name, int cin, int cout, int k, int stride, int pad) {
        double std = 1 / Math.sqrt(cin * k * k);
        String w = weight(name + ".weight", Nd4j.randn(DataType.FLOAT, cout, cin, k, k).muli(std));
        String bias = weight(name + ".bias", Nd4j.randn(DataType.FLOAT, cout).muli(0.05));
        String y = name("conv");
        b.node("Conv", List.of(x, w, bias), List.of(y), ints("kernel_shape", k, k), ints("strides", stride, stride),
                ints("pads", pad, pad, pad, pad), ints("dilations", 1, 1), intAttr("group", 1));
        return y;
    }

    private String groupNorm(String x, String name, int c) {
        String t = constant("target", Nd4j.createFromArray(0L, 32L, -1L));
        String ones = constant("ones", Nd4j.ones(DataType.FLOAT, 32));
        String zeros = constant("zeros", Nd4j.zeros(DataType.FLOAT, 32));
        String r = name("reshape");
        String n = name("instnorm");
        String s = name("shape");
        String back = name("reshape");
        b.node("Reshape", List.of(x, t), List.of(r), intAttr("allowzero", 0))
                .node("InstanceNormalization", List.of(r, ones, zeros), List.of(n), floatAttr("epsilon", 1e-6f))
                .node("Shape", List.of(x), List.of(s))
                .node("Reshape", List.of(n, s), List.of(back), intAttr("allowzero", 0));
        String w = weight(name + ".weight", Nd4j.randn(DataType.FLOAT, c, 1, 1).muli(0.1).addi(1));
        String bias = weight(name + ".bias", Nd4j.randn(DataType.FLOAT, c, 1, 1).muli(0.1));
        String m = name("mul");
        String a = name("add");
        b.node("Mul", List.of(back, w), List.of(m)).node("Add", List.of(m, bias), List.of(a));
        return a;
    }

    private String silu(String x) {
        String s = name("sigmoid");
        String m = name("mul");
        b.node("Sigmoid", List.of(x), List.of(s)).node("Mul", List.of(x, s), List.of(m));
        return m;
    }

    private String resnet(String x, String name, int cin, int cout) {
        String h = conv(silu(groupNorm(x, name + ".norm1", cin)), name + ".conv1", cin, cout, 3, 1, 1);
        h = conv(silu(groupNorm(h, name + ".norm2", cout)), name + ".conv2", cout, cout, 3, 1, 1);
        String shortcut = cin == cout ? x : conv(x, name + ".conv_shortcut", cin, cout, 1, 1, 0);
        String y = name("add");
        b.node("Add", List.of(shortcut, h), List.of(y));
        return y;
    }

    private String mid(String x, String name, int c) {
        x = resnet(x, name + ".resnets.0", c, c);
        x = attention(x, name + ".attentions.0", c);
        return resnet(x, name + ".resnets.1", c, c);
    }

    /** torch's F.pad(x, (0, 1, 0, 1)) at opset 11+: pads computed by a small constant subgraph. */
    private String torchPad(String x) {
        String len = constant(Nd4j.createFromArray(4L));
        String given = constant(Nd4j.createFromArray(0L, 1L, 0L, 1L));
        String zeros = name("zeros");
        String cat = name("concat");
        String pairs = name("pairs");
        String rev = name("slice");
        String tr = name("transpose");
        String flat = name("flat");
        String pads = name("cast");
        String value = constant("value", Nd4j.scalar(0f));
        String y = name("pad");
        b.node("ConstantOfShape", List.of(len), List.of(zeros), org.ditjava.onnx.OnnxModelBuilder.tensor("value", Nd4j.createFromArray(0L)))
                .node("Concat", List.of(given, zeros), List.of(cat), intAttr("axis", 0));
        String shape = constant(Nd4j.createFromArray(-1L, 2L));
        String st = constant(Nd4j.createFromArray(-1L));
        String en = constant(Nd4j.createFromArray(Long.MIN_VALUE + 1));
        String ax = constant(Nd4j.createFromArray(0L));
        String sp = constant(Nd4j.createFromArray(-1L));
        String flatShape = constant(Nd4j.createFromArray(-1L));
        b.node("Reshape", List.of(cat, shape), List.of(pairs))
                .node("Slice", List.of(pairs, st, en, ax, sp), List.of(rev))
                .node("Transpose", List.of(rev), List.of(tr), ints("perm", 1, 0))
                .node("Reshape", List.of(tr, flatShape), List.of(flat))
                .node("Cast", List.of(flat), List.of(pads), intAttr("to", 7))
                .node("Pad", List.of(x, pads, value), List.of(y), string("mode", "constant"));
        return y;
    }

    /** diffusers Attention with one head, as torch exports it (to_q/k/v with bias, scale 1/sqrt(C)). */
    private String attention(String x, String name, int c) {
        String[] g = new String[4];
        for (int i = 0; i < 4; i++) {
            String s = name("shape");
            String idx = constant(Nd4j.scalar((long) i));
            g[i] = name("gather");
            b.node("Shape", List.of(x), List.of(s))
                    .node("Gather", List.of(s, idx), List.of(g[i]), intAttr("axis", 0));
        }
        String hw = name("mul");
        b.node("Mul", List.of(g[2], g[3]), List.of(hw));
        String target = concat(List.of(g[0], g[1], hw));
        String normed = groupNorm(x, name + ".group_norm", c);
        String seq = name("reshape");
        String tokens = name("transpose");
        b.node("Reshape", List.of(normed, target), List.of(seq)).node("Transpose", List.of(seq), List.of(tokens), ints("perm", 0, 2, 1));
        String q = linear(tokens, name + ".to_q", c);
        String k = linear(tokens, name + ".to_k", c);
        String v = linear(tokens, name + ".to_v", c);
        String kt = name("transpose");
        String scores = name("matmul");
        String scaled = name("mul");
        String scale = constant(Nd4j.scalar((float) (1 / Math.sqrt(c))));
        String probs = name("softmax");
        String ctx = name("matmul");
        b.node("Transpose", List.of(k), List.of(kt), ints("perm", 0, 2, 1)).node("MatMul", List.of(q, kt), List.of(scores))
                .node("Mul", List.of(scores, scale), List.of(scaled))
                .node("Softmax", List.of(scaled), List.of(probs), intAttr("axis", -1)).node("MatMul", List.of(probs, v), List.of(ctx));
        String out = linear(ctx, name + ".to_out.0", c);
        String back = name("transpose");
        String img = name("reshape");
        String y = name("add");
        b.node("Transpose", List.of(out), List.of(back), ints("perm", 0, 2, 1))
                .node("Reshape", List.of(back, concat(List.of(g[0], g[1], g[2], g[3]))), List.of(img))
                .node("Add", List.of(img, x), List.of(y));
        return y;
    }

    private String concat(List<String> scalars) {
        String axes = constant(Nd4j.createFromArray(0L));
        List<String> parts = new java.util.ArrayList<>();
        for (String s : scalars) {
            String u = name("unsqueeze");
            b.node("Unsqueeze", List.of(s, axes), List.of(u));
            parts.add(u);
        }
        String y = name("concat");
        b.node("Concat", parts, List.of(y), intAttr("axis", 0));
        return y;
    }

    private String linear(String x, String name, int c) {
        String w = weight(name + ".weight_t", Nd4j.randn(DataType.FLOAT, c, c).muli(1 / Math.sqrt(c)));
        String bias = weight(name + ".bias", Nd4j.randn(DataType.FLOAT, c).muli(0.05));
        String m = name("matmul");
        String y = name("add");
        b.node("MatMul", List.of(x, w), List.of(m)).node("Add", List.of(bias, m), List.of(y));
        return y;
    }
}
