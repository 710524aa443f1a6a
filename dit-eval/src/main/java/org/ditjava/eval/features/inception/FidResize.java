package org.ditjava.eval.features.inception;

import java.util.Arrays;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * pytorch-fid's input transform ({@code InceptionV3.forward} with {@code resize_input} and
 * {@code normalize_input}): {@code x / 255}, {@code F.interpolate(x, size=(299, 299), mode="bilinear",
 * align_corners=False)}, {@code 2x − 1} — the same as the ONNX export's in-graph Div / Resize
 * (linear, half_pixel) / Mul, Sub. Done on the host as two products with interpolation matrices,
 * which hold PyTorch's weights (source index {@code (dst + ½) · in/out − ½}, clamped at 0; neighbours
 * {@code i} and {@code min(i + 1, in − 1)}), so the graph itself has a fixed 299×299 input.
 */
final class FidResize {
    private FidResize() {
    }

    /** Images (N, 3, H, W) in [0, 255] → (N, 3, size, size) in [−1, 1], float32. */
    static INDArray apply(INDArray images, int size) {
        if (images.rank() != 4 || images.size(1) != 3) {
            throw new IllegalArgumentException("images must be (N, 3, H, W), got " + Arrays.toString(images.shape()));
        }
        long n = images.size(0);
        long h = images.size(2);
        long w = images.size(3);
        INDArray x = images.castTo(DataType.FLOAT).div(255.0);                                   // (N, 3, H, W)
        INDArray cols = x.reshape('c', n * 3 * h, w).mmul(matrix(w, size).transpose());          // (N·3·H, S)
        INDArray rowsLast = cols.reshape('c', n * 3, h, size).permute(0, 2, 1).dup('c')
                .reshape('c', n * 3 * size, h);                                                  // (N·3·S, H)
        INDArray resized = rowsLast.mmul(matrix(h, size).transpose())                            // (N·3·S_w, S_h)
                .reshape('c', n, 3, size, size).permute(0, 1, 3, 2).dup('c');                    // (N, 3, S, S)
        return resized.muli(2).subi(1);
    }

    /** (out, in): row {@code dst} holds the two bilinear weights of output pixel {@code dst}. */
    static INDArray matrix(long in, int out) {
        float[][] m = new float[out][(int) in];
        float scale = (float) in / out;
        for (int dst = 0; dst < out; dst++) {
            float src = Math.max(scale * (dst + 0.5f) - 0.5f, 0f);
            int i0 = (int) src;
            int i1 = (int) Math.min(i0 + 1, in - 1);
            float lambda = src - i0;
            m[dst][i0] += 1 - lambda;
            m[dst][i1] += lambda;
        }
        return Nd4j.createFromArray(m);
    }
}
