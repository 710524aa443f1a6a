package org.ditjava.eval.features.inception;

import org.ditjava.eval.features.inception.InceptionLayers.Padding;
import org.ditjava.eval.features.inception.InceptionLayers.Tensor;

/**
 * The Inception blocks as pytorch-fid builds the FID network ({@code pytorch_fid/inception.py}:
 * torchvision's {@code InceptionB} / {@code InceptionD} and the FID variants {@code FIDInceptionA},
 * {@code FIDInceptionC}, {@code FIDInceptionE_1}, {@code FIDInceptionE_2}, which patch the TF graph's
 * quirks in: their average pools do not count the padding, and {@code Mixed_7c}'s pool branch is a
 * max pool). Branch modules keep torchvision's names; branch outputs are concatenated in
 * torchvision's order.
 */
final class InceptionBlocks {
    /** The pool branch of an Inception-E block. */
    enum EPool { AVERAGE, MAX }

    private final InceptionLayers nn;

    InceptionBlocks(InceptionLayers nn) {
        this.nn = nn;
    }

    /** {@code FIDInceptionA} (Mixed_5b/5c/5d): 1×1, 5×5, double 3×3, average-pool branches. */
    Tensor a(String m, Tensor x) {
        Tensor b1 = nn.basic(m + ".branch1x1", x);                                              // (N, c1, 35, 35)
        Tensor b5 = nn.basic(m + ".branch5x5_2", nn.basic(m + ".branch5x5_1", x));              // (N, c5, 35, 35)
        Tensor b3 = nn.basic(m + ".branch3x3dbl_1", x);                                          // (N, c3, 35, 35)
        b3 = nn.basic(m + ".branch3x3dbl_3", nn.basic(m + ".branch3x3dbl_2", b3));               // (N, c3', 35, 35)
        Tensor bp = nn.basic(m + ".branch_pool", nn.avgPoolExcludingPad(x));                     // (N, cp, 35, 35)
        return nn.concat(b1, b5, b3, bp);                                                       // (N, Σ, 35, 35)
    }

    /** {@code InceptionB} (Mixed_6a): the 35 → 17 grid reduction. */
    Tensor b(String m, Tensor x) {
        Tensor b3 = nn.basic(m + ".branch3x3", x, 2, Padding.VALID);                            // (N, c3, 17, 17)
        Tensor bd = nn.basic(m + ".branch3x3dbl_2", nn.basic(m + ".branch3x3dbl_1", x));         // (N, cd, 35, 35)
        bd = nn.basic(m + ".branch3x3dbl_3", bd, 2, Padding.VALID);                              // (N, cd, 17, 17)
        return nn.concat(b3, bd, nn.maxPool(x, 2, 0));                                           // (N, Σ, 17, 17)
    }

    /**
     * {@code FIDInceptionC} (Mixed_6b–6e): 1×1, factorised 7×7, double factorised 7×7 and
     * average-pool branches. {@code rawBranch1x1}, when not null, receives the raw output of
     * {@code branch1x1}'s convolution before its BatchNorm (Mixed_6d's is TF's {@code mixed_6/conv}, the sFID map).
     */
    Tensor c(String m, Tensor x, Tensor[] rawBranch1x1) {
        Tensor raw = nn.conv(m + ".branch1x1", x, 1, Padding.SAME);                              // (N, c1, 17, 17)
        if (rawBranch1x1 != null) {
            rawBranch1x1[0] = raw;
        }
        Tensor b1 = nn.bnRelu(m + ".branch1x1", raw);                                            // (N, c1, 17, 17)
        Tensor b7 = nn.basic(m + ".branch7x7_1", x);                                             // (N, c7, 17, 17)
        b7 = nn.basic(m + ".branch7x7_3", nn.basic(m + ".branch7x7_2", b7));                    // (N, 192, 17, 17)
        Tensor bd = nn.basic(m + ".branch7x7dbl_1", x);                                          // (N, c7, 17, 17)
        bd = nn.basic(m + ".branch7x7dbl_3", nn.basic(m + ".branch7x7dbl_2", bd));              // (N, c7, 17, 17)
        bd = nn.basic(m + ".branch7x7dbl_5", nn.basic(m + ".branch7x7dbl_4", bd));              // (N, 192, 17, 17)
        Tensor bp = nn.basic(m + ".branch_pool", nn.avgPoolExcludingPad(x));                     // (N, cp, 17, 17)
        return nn.concat(b1, b7, bd, bp);                                                       // (N, Σ, 17, 17)
    }

    /** {@code InceptionD} (Mixed_7a): the 17 → 8 grid reduction. */
    Tensor d(String m, Tensor x) {
        Tensor b3 = nn.basic(m + ".branch3x3_2", nn.basic(m + ".branch3x3_1", x), 2, Padding.VALID); // (N, c3, 8, 8)
        Tensor b7 = nn.basic(m + ".branch7x7x3_1", x);                                           // (N, c7, 17, 17)
        b7 = nn.basic(m + ".branch7x7x3_3", nn.basic(m + ".branch7x7x3_2", b7));                // (N, c7, 17, 17)
        b7 = nn.basic(m + ".branch7x7x3_4", b7, 2, Padding.VALID);                               // (N, c7, 8, 8)
        return nn.concat(b3, b7, nn.maxPool(x, 2, 0));                                           // (N, Σ, 8, 8)
    }

    /** {@code FIDInceptionE_1} (Mixed_7b, average pool) / {@code FIDInceptionE_2} (Mixed_7c, max pool). */
    Tensor e(String m, Tensor x, EPool pool) {
        Tensor b1 = nn.basic(m + ".branch1x1", x);                                              // (N, c1, 8, 8)
        Tensor b3 = nn.basic(m + ".branch3x3_1", x);                                             // (N, c3, 8, 8)
        b3 = nn.concat(nn.basic(m + ".branch3x3_2a", b3), nn.basic(m + ".branch3x3_2b", b3));    // (N, 2·c3', 8, 8)
        Tensor bd = nn.basic(m + ".branch3x3dbl_2", nn.basic(m + ".branch3x3dbl_1", x));         // (N, cd, 8, 8)
        bd = nn.concat(nn.basic(m + ".branch3x3dbl_3a", bd), nn.basic(m + ".branch3x3dbl_3b", bd)); // (N, 2·cd', 8, 8)
        Tensor pooled = pool == EPool.MAX ? nn.maxPool(x, 1, 1) : nn.avgPoolExcludingPad(x);      // (N, C, 8, 8)
        Tensor bp = nn.basic(m + ".branch_pool", pooled);                                        // (N, cp, 8, 8)
        return nn.concat(b1, b3, bd, bp);                                                       // (N, Σ, 8, 8)
    }
}
