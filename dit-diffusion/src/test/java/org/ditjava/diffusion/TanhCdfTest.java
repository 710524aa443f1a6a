package org.ditjava.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link Gaussians#approxStandardNormalCdf} is the reference's float32 evaluation, op by op, with the correctly
 * rounded float32 tanh, including the far tails where 0.5 (1 + tanh) is a few float32 ulps of 1 and a 1-ulp
 * tanh error would change the probability by a large fraction (the decoder-NLL finding of
 * {@link Gaussians}).
 */
class TanhCdfTest {

    @Test
    void matchesTheFloat32FormulaWithACorrectlyRoundedTanhEverywhere() {
        int n = 4001;
        float[] z = new float[n];
        for (int i = 0; i < n; i++) {
            z[i] = -12f + 24f * i / (n - 1);
        }
        float[] got = Gaussians.approxStandardNormalCdf(Nd4j.createFromArray(z)).data().asFloat();
        float root = (float) Math.sqrt(2.0 / Math.PI);
        int tail = 0;
        for (int i = 0; i < n; i++) {
            float cubic = z[i] * z[i] * z[i] * 0.044715f + z[i];
            float expected = ((float) Math.tanh(cubic * root) + 1f) * 0.5f;
            assertEquals(expected, got[i], 0f, "z = " + z[i]);
            tail += expected > 0 && expected < 1e-6f ? 1 : 0;
        }
        assertEquals(true, tail > 100, "the sweep reaches the cancelling tail (" + tail + " values)");
    }

    @Test
    void keepsTheInputPrecision() {
        INDArray x = Nd4j.createFromArray(-3f, 0f, 3f);
        assertEquals(x.dataType(), Gaussians.approxStandardNormalCdf(x).dataType());
    }
}
