package org.ditjava.vae;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.ditjava.io.NpzReader;
import org.ditjava.onnx.Fixtures;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Parity with PyTorch on the reduced-width SD-VAE export in {@code fixtures/vae}: encoder
 * moments, posterior, the sample for a given ε, and the decoder, within the fixture's tolerance
 * (max |diff| ≤ 1e-4). Everything export-specific (batch size, input and output names, spatial
 * size, opset) is read from the files, so another export of the same architecture passes too.
 */
class SdVaeParityTest {
    /** The fixture README's tolerance for an ONNX import in float32. */
    static final double TOLERANCE = 1e-4;

    @TempDir
    static Path cache;
    static NpzReader io;
    static SdVae vae;

    @BeforeAll
    static void load() throws IOException {
        io = NpzReader.open(Fixtures.dir("vae").resolve("vae_io.npz"));
        vae = SdVae.load(Fixtures.dir("vae"), VaeConfig.SD_VAE.withCacheDir(cache));
    }

    @AfterAll
    static void close() throws IOException {
        io.close();
    }

    private static void assertWithin(INDArray expected, INDArray actual, String what) {
        double d = Fixtures.maxAbsDiff(actual, expected);
        System.out.printf("parity %-28s max|diff| %.3g (max|ref| %.3g)%n", what, d, Fixtures.maxAbs(expected));
        assertTrue(d <= TOLERANCE, what + ": max |diff| " + d + " > " + TOLERANCE);
    }

    @Test
    void encoderMomentsAndPosterior() throws IOException {
        INDArray images = io.read("in.image");
        assertWithin(io.read("out.latent_parameters"), vae.encoderGraph().run(images), "encoder moments");
        Posterior p = vae.encode(images);
        assertWithin(io.read("out.mean"), p.mean(), "posterior mean");
        INDArray logvar = Transforms.min(Transforms.max(io.read("out.logvar"), Posterior.LOGVAR_MIN), Posterior.LOGVAR_MAX);
        assertWithin(logvar, p.logvar(), "posterior logvar (clamped)");
        assertWithin(io.read("out.std"), p.std(), "posterior std");
        INDArray latents = vae.sample(p, io.read("in.eps"));
        assertWithin(io.read("out.latent_sample_from_eps"), vae.fromLatents(latents), "sample with the given eps");
        assertWithin(io.read("out.latent_sample_from_eps").mul(VaeConfig.SD_LATENT_SCALE), latents, "scaled sample");
    }

    @Test
    void decoder() throws IOException {
        INDArray z = io.read("in.latent_sample");
        assertWithin(io.read("out.decoded"), vae.decoderGraph().run(z), "decoder graph");
        assertWithin(io.read("out.decoded"), vae.decode(vae.toLatents(z)), "decode(scaled latents)");
        assertWithin(io.read("out.decoded_of_mean"), vae.decode(vae.mode(vae.encode(io.read("in.image")))), "decode(posterior mode)");
    }

    @Test
    void resultsDoNotDependOnTheBatchSize() throws IOException {
        INDArray images = io.read("in.image");
        INDArray z = io.read("in.latent_sample");
        INDArray meanAll = vae.encode(images).mean();
        INDArray decodedAll = vae.decode(z);
        SdVae oneByOne = SdVae.of(vae.encoderGraph(), vae.decoderGraph(), VaeConfig.SD_VAE.withMaxBatch(1));
        assertTrue(Fixtures.maxAbsDiff(oneByOne.encode(images).mean(), meanAll) <= 1e-5);
        assertTrue(Fixtures.maxAbsDiff(oneByOne.decode(z), decodedAll) <= 1e-5);
        INDArray first = images.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all()).dup();
        INDArray firstMean = meanAll.get(NDArrayIndex.interval(0, 1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all());
        assertTrue(Fixtures.maxAbsDiff(vae.encode(first).mean(), firstMean) <= 1e-5);
    }

    @Test
    void aSecondLoadComesFromTheCacheWithTheSameResults() throws IOException {
        SdVae cached = SdVae.load(Fixtures.dir("vae"), VaeConfig.SD_VAE.withCacheDir(cache));
        assertEquals(VaeGraph.Origin.CACHED, cached.encoderGraph().origin());
        assertEquals(VaeGraph.Origin.CACHED, cached.decoderGraph().origin());
        try (Stream<Path> files = Files.list(cache)) {
            assertEquals(4, files.count(), "two graphs and their hash records");
        }
        INDArray z = io.read("in.latent_sample");
        assertWithin(io.read("out.decoded"), cached.decoderGraph().run(z), "decoder graph, cached");
    }
}
