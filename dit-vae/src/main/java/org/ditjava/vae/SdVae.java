package org.ditjava.vae;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;
import org.ditjava.onnx.GraphCache;
import org.ditjava.onnx.OnnxGraph;
import org.ditjava.onnx.TensorSpec;
import org.ditjava.vae.diffusers.DiffusersVae;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The Stable Diffusion KL autoencoder (diffusers {@code AutoencoderKL}: sd-vae-ft-ema / -mse),
 * from either of two folder layouts ({@link VaeFormat}): a diffusers folder ({@code config.json} +
 * safetensors), built natively in SameDiff by {@link DiffusersVae}; or two ONNX files, imported into
 * SameDiff and cached. Both give the same {@link VaeGraph} pair and the same API below.
 *
 * <ul>
 *   <li>{@link #encode}: images (N, 3, H, W) in [−1, 1] → {@link Posterior} over unscaled latents
 *       (N, 4, H/8, W/8): the encoder graph returns the moments {@code quant_conv(encoder(x))}.</li>
 *   <li>{@link #sample} / {@link #mode}: a posterior → DiT latents, i.e. scaled by
 *       {@link VaeConfig#latentScale()} (0.18215).</li>
 *   <li>{@link #decode}: DiT latents → images, dividing by the scale before the decoder graph
 *       {@code decoder(post_quant_conv(z))}. Outputs are not clamped.</li>
 * </ul>
 * The latent scale is applied only in {@link #toLatents} and {@link #fromLatents}. Large batches
 * are run in chunks of {@link VaeConfig#maxBatch()}; every sample is computed independently of
 * the others (GroupNorm statistics are per sample), so results do not depend on the batch size.
 * Not thread-safe (SameDiff execution is not): use one instance per thread.
 */
public final class SdVae {
    /** How far image values may stray outside [−1, 1] (float rounding of a conversion). */
    static final double RANGE_TOLERANCE = 1e-3;

    private final VaeGraph encoder;
    private final VaeGraph decoder;
    private final VaeConfig config;

    private SdVae(VaeGraph encoder, VaeGraph decoder, VaeConfig config) {
        this.encoder = encoder;
        this.decoder = decoder;
        this.config = config;
    }

    /**
     * Loads the VAE in {@code dir} with the Stable Diffusion settings and the folder's own latent
     * scale ({@link #latentScale(Path)}).
     */
    public static SdVae load(Path dir) throws IOException {
        return load(dir, VaeConfig.SD_VAE.withLatentScale(latentScale(dir)));
    }

    /**
     * Loads the VAE in {@code dir}, with {@code config}'s latent scale whatever the folder says: a
     * diffusers folder ({@code config.json} + {@code diffusion_pytorch_model.safetensors}) is built
     * natively; otherwise {@code dir/vae_encoder.onnx} and {@code dir/vae_decoder.onnx} (or optimum's
     * {@code dir/vae_encoder/model.onnx} layout) are imported through the graph cache.
     */
    public static SdVae load(Path dir, VaeConfig config) throws IOException {
        if (VaeFormat.of(dir, config) == VaeFormat.DIFFUSERS) {
            DiffusersVae vae = DiffusersVae.load(dir);
            return of(vae.encoder(), vae.decoder(), config);
        }
        Path enc = locate(dir, config.encoderFile());
        Path dec = locate(dir, config.decoderFile());
        OnnxGraph e = config.cacheDir() == null ? GraphCache.load(enc) : GraphCache.load(enc, config.cacheDir());
        OnnxGraph d = config.cacheDir() == null ? GraphCache.load(dec) : GraphCache.load(dec, config.cacheDir());
        return of(e, d, config);
    }

    /**
     * The latent scale a folder states: a diffusers config's {@code scaling_factor} (0.18215 when
     * absent); {@link VaeConfig#SD_LATENT_SCALE} for an ONNX export, which does not record one.
     */
    public static double latentScale(Path dir) throws IOException {
        return VaeFormat.of(dir, VaeConfig.SD_VAE) == VaeFormat.DIFFUSERS ? DiffusersVae.latentScale(dir) : VaeConfig.SD_LATENT_SCALE;
    }

    /** A VAE from two imported graphs; checks that they fit together. */
    public static SdVae of(OnnxGraph encoder, OnnxGraph decoder, VaeConfig config) {
        return of(VaeGraph.of(encoder), VaeGraph.of(decoder), config);
    }

    /** A VAE from two graphs; checks that they fit together. */
    public static SdVae of(VaeGraph encoder, VaeGraph decoder, VaeConfig config) {
        TensorSpec in = encoder.input();
        TensorSpec moments = encoder.output();
        TensorSpec z = decoder.input();
        TensorSpec out = decoder.output();
        if (in.rank() != 4 || moments.rank() != 4 || z.rank() != 4 || out.rank() != 4) {
            throw new IllegalArgumentException("the VAE graphs must map NCHW tensors: encoder " + in + " -> " + moments
                    + ", decoder " + z + " -> " + out);
        }
        if (z.dim(1) <= 0 || moments.dim(1) != 2 * z.dim(1)) {
            throw new IllegalArgumentException("the encoder must return the moments (mean and log-variance, 2 x "
                    + z.dim(1) + " channels) of the decoder's latents, but returns " + moments
                    + " (an export that samples inside the graph is not supported)");
        }
        return new SdVae(encoder, decoder, config);
    }

    private static Path locate(Path dir, String file) throws IOException {
        Path flat = dir.resolve(file);
        Path optimum = dir.resolve(file.replaceFirst("\\.onnx$", "")).resolve("model.onnx");
        if (Files.isRegularFile(flat)) {
            return flat;
        }
        if (Files.isRegularFile(optimum)) {
            return optimum;
        }
        throw new IOException(dir + ": no " + file + " (nor " + dir.relativize(optimum) + ") in the VAE directory");
    }

    public VaeConfig config() {
        return config;
    }

    /** Latent channels (4 for the SD VAE). */
    public long latentChannels() {
        return decoder.input().dim(1);
    }

    public VaeGraph encoderGraph() {
        return encoder;
    }

    public VaeGraph decoderGraph() {
        return decoder;
    }

    /** Images (N, 3, H, W) in [−1, 1] → the posterior over unscaled latents. */
    public Posterior encode(INDArray images) {
        INDArray x = checked(images, encoder.input(), "images");
        double min = x.minNumber().doubleValue();
        double max = x.maxNumber().doubleValue();
        if (min < -1 - RANGE_TOLERANCE || max > 1 + RANGE_TOLERANCE) {
            throw new IllegalArgumentException(String.format("images must lie in [-1, 1] (pixels / 127.5 - 1), got values in [%.4g, %.4g]", min, max));
        }
        return Posterior.fromMoments(chunked(x, encoder::run));
    }

    /** A sample of the posterior, as DiT latents (scaled); ε drawn from {@code rng}. */
    public INDArray sample(Posterior posterior, RandomGenerator rng) {
        long[] shape = posterior.mean().shape();
        float[] eps = new float[Math.toIntExact(posterior.mean().length())];
        for (int i = 0; i < eps.length; i++) {
            eps[i] = (float) rng.nextGaussian();
        }
        return sample(posterior, Nd4j.create(eps, shape, 'c'));
    }

    /** mean + std · ε as DiT latents (scaled). */
    public INDArray sample(Posterior posterior, INDArray eps) {
        return toLatents(posterior.sample(eps));
    }

    /** The posterior mean as DiT latents (scaled). */
    public INDArray mode(Posterior posterior) {
        return toLatents(posterior.mean());
    }

    /** DiT latents (N, 4, h, w), scaled → images (N, 3, 8h, 8w), nominally in [−1, 1]. */
    public INDArray decode(INDArray latents) {
        INDArray z = checked(latents, decoder.input(), "latents");
        return chunked(fromLatents(z), decoder::run);
    }

    /** VAE latents → DiT latents: the one place the scale is applied on the way in. */
    public INDArray toLatents(INDArray z) {
        return z.mul(config.latentScale());
    }

    /** DiT latents → VAE latents: the one place the scale is undone on the way out. */
    public INDArray fromLatents(INDArray latents) {
        return latents.div(config.latentScale());
    }

    private static INDArray checked(INDArray a, TensorSpec spec, String what) {
        long[] s = a.shape();
        if (a.rank() != spec.rank() || s[1] != spec.dim(1)) {
            throw new IllegalArgumentException(what + " must be (N, " + spec.dim(1) + ", H, W), got " + Arrays.toString(s));
        }
        for (int axis = 2; axis < 4; axis++) {
            if (spec.dim(axis) >= 0 && spec.dim(axis) != s[axis]) {
                throw new IllegalArgumentException(what + " must be " + spec.dim(2) + " x " + spec.dim(3)
                        + " (the size this ONNX export was made for), got " + s[2] + " x " + s[3]);
            }
        }
        if (s[0] == 0) {
            throw new IllegalArgumentException(what + ": empty batch");
        }
        INDArray f = a.dataType() == spec.dataType() ? a : a.castTo(spec.dataType());
        if (f.isInfinite().any() || f.isNaN().any()) {
            throw new IllegalArgumentException(what + " hold NaN or infinite values");
        }
        return f;
    }

    private INDArray chunked(INDArray x, UnaryOperator<INDArray> graph) {
        long n = x.size(0);
        if (n <= config.maxBatch()) {
            return graph.apply(x);
        }
        List<INDArray> parts = new ArrayList<>();
        for (long i = 0; i < n; i += config.maxBatch()) {
            INDArray chunk = x.get(NDArrayIndex.interval(i, Math.min(n, i + config.maxBatch())),
                    NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).dup();
            parts.add(graph.apply(chunk));
        }
        return Nd4j.concat(0, parts.toArray(new INDArray[0]));
    }
}
