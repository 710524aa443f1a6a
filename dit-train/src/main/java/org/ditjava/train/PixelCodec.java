package org.ditjava.train;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Images in [−1, 1] (N, C, H, W) → uint8 (N, H, W, C), exactly as DiT's sample_ddp.py:
 * {@code torch.clamp(127.5 * x + 128.0, 0, 255).permute(0, 2, 3, 1).to(torch.uint8)} (the cast
 * truncates).
 */
public final class PixelCodec {
    private PixelCodec() {
    }

    /** uint8 NHWC bytes, row-major. */
    public static byte[] toBytes(INDArray images) {
        INDArray nhwc = images.castTo(DataType.FLOAT).permute(0, 2, 3, 1).dup('c');
        float[] v = nhwc.data().asFloat();
        byte[] out = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            float p = Math.max(0f, Math.min(255f, 127.5f * v[i] + 128.0f));
            out[i] = (byte) (int) p;
        }
        return out;
    }

    /** The same as a UBYTE (N, H, W, C) array. */
    public static INDArray toUint8(INDArray images) {
        long[] s = images.shape();
        byte[] b = toBytes(images);
        INDArray out = Nd4j.createUninitialized(DataType.UBYTE, new long[] {s[0], s[2], s[3], s[1]}, 'c');
        out.data().asNio().position(0).put(b);
        Nd4j.getAffinityManager().tagLocation(out, AffinityManager.Location.HOST);
        return out;
    }
}
