package org.ditjava.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import onnx.Onnx.ModelProto;
import org.ditjava.onnx.OnnxGraph;
import org.ditjava.onnx.OnnxImportException;
import org.ditjava.onnx.OnnxImporter;
import org.ditjava.vae.bench.SdVaeOnnxWriter;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@code dit bench --model sd-vae}: the convolution path at full width (issue 12). The Stable
 * Diffusion VAE ({@code AutoencoderKL}, block_out_channels 128/256/512/512, 2 resnets per block,
 * 4 latent channels) with random weights is written as ONNX in torch's export patterns
 * ({@link SdVaeOnnxWriter}) and imported in-process by dit-vae's importer, the path real weights
 * take; then the decoder (latent → image) and the encoder (image → latent moments) are timed.
 * bench/pytorch_vae.py is the same graph in torch.
 */
public final class VaeBench {
    /** diffusers' SD VAE widths. */
    static final int[] BLOCK_OUT = {128, 256, 512, 512};
    static final int LAYERS_PER_BLOCK = 2;
    static final int LATENT = 4;
    private static final int OPSET = 14;

    private VaeBench() {
    }

    /** Runs {@code spec} and returns the report. */
    public static VaeBenchReport run(VaeBenchSpec spec) {
        BenchThreads.apply(spec.threads());
        Map<String, Object> env = Environment.capture();
        PhaseResult ceiling = SgemmCeiling.measure(new Stopwatch(Math.max(1, spec.warmup()), spec.reps()));
        Stopwatch watch = new Stopwatch(spec.warmup(), spec.reps());
        int n = spec.batch();
        long side = spec.imageSize(), lat = side / 8;
        List<PhaseResult> phases = new ArrayList<>();
        List<OpProfiler.PhaseProfile> profiles = new ArrayList<>();
        Nd4j.getRandom().setSeed(spec.seed());
        if (spec.phases().contains(VaeBenchSpec.Phase.DECODE)) {
            OnnxGraph g = imported(SdVaeOnnxWriter.decoder(BLOCK_OUT, LAYERS_PER_BLOCK, LATENT, OPSET, spec.seed()), "decoder");
            INDArray z = Nd4j.randn(DataType.FLOAT, n, LATENT, lat, lat);
            long macs = VaeCost.decoder(BLOCK_OUT, LAYERS_PER_BLOCK, LATENT, lat, lat);
            measure(spec, watch, VaeBenchSpec.Phase.DECODE, g, () -> g.run(z), 2.0 * macs * n, phases, profiles);
        }
        if (spec.phases().contains(VaeBenchSpec.Phase.ENCODE)) {
            OnnxGraph g = imported(SdVaeOnnxWriter.encoder(BLOCK_OUT, LAYERS_PER_BLOCK, LATENT, OPSET, spec.seed()), "encoder");
            INDArray x = Nd4j.rand(DataType.FLOAT, n, 3, side, side).muli(2).subi(1);
            long macs = VaeCost.encoder(BLOCK_OUT, LAYERS_PER_BLOCK, LATENT, side, side);
            measure(spec, watch, VaeBenchSpec.Phase.ENCODE, g, () -> g.run(x), 2.0 * macs * n, phases, profiles);
        }
        env = new java.util.LinkedHashMap<>(env);
        env.put("load_after", Environment.loadAverage());
        env.put("process_peak_rss_bytes", PeakRss.peakBytes());
        return new VaeBenchReport(spec, env, VaeCost.decoder(BLOCK_OUT, LAYERS_PER_BLOCK, LATENT, lat, lat),
                VaeCost.encoder(BLOCK_OUT, LAYERS_PER_BLOCK, LATENT, side, side), ceiling, phases, profiles);
    }

    /** The bench's own ONNX through dit-vae's importer (a failure here is a bug of the writer or the importer). */
    private static OnnxGraph imported(ModelProto model, String part) {
        try {
            return OnnxImporter.importModel(model, "sd-vae " + part);
        } catch (OnnxImportException e) {
            throw new IllegalStateException("the generated SD-VAE " + part + " did not import: " + e.getMessage(), e);
        }
    }

    private static void measure(VaeBenchSpec spec, Stopwatch watch, VaeBenchSpec.Phase phase, OnnxGraph g, Runnable work,
            double flops, List<PhaseResult> phases, List<OpProfiler.PhaseProfile> profiles) {
        phases.add(watch.measure(phase.key(), spec.batch(), flops, work));
        if (spec.profile()) {
            OpProfiler p = new OpProfiler();
            p.measure(g.sameDiff(), work);
            profiles.add(p.snapshot(phase.key()));
        }
    }
}
