package org.ditjava.eval.features.inception;

import java.util.Map;
import org.ditjava.eval.features.inception.InceptionBlocks.EPool;
import org.ditjava.eval.features.inception.InceptionLayers.Padding;
import org.ditjava.eval.features.inception.InceptionLayers.Tensor;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * pytorch-fid's {@code InceptionV3} ({@code fid_inception_v3}, blocks 0–3) and the fc of its
 * {@code Inception3}, built in SameDiff from the state dict, on the preprocessed 299×299 input
 * ({@link FidResize}). Widths come from the tensors. The outputs, named as in the ONNX contract of
 * {@code OnnxInceptionNetwork}: {@code pool3} (N, C) the global average of Mixed_7c, {@code logits}
 * = fc(pool3), {@code spatial} the raw {@code Mixed_6d.branch1x1} convolution (TF {@code mixed_6/conv}).
 */
final class InceptionGraph {
    static final String INPUT = "input";
    static final String POOL3 = "pool3";
    static final String LOGITS = "logits";
    static final String SPATIAL = "spatial";
    /** pytorch-fid's input size. */
    static final int SIZE = 299;

    private InceptionGraph() {
    }

    /** Builds the graph; fails naming the file and tensor when the state dict does not fit. */
    static SameDiff build(Map<String, INDArray> stateDict, String source) {
        InceptionWeights w = new InceptionWeights(stateDict, source);
        SameDiff sd = SameDiff.create();
        InceptionLayers nn = new InceptionLayers(sd, w);
        InceptionBlocks blocks = new InceptionBlocks(nn);
        Tensor x = new Tensor(sd.placeHolder(INPUT, DataType.FLOAT, -1, 3, SIZE, SIZE), 3);      // (N, 3, 299, 299) in [-1, 1]
        x = nn.basic("Conv2d_1a_3x3", x, 2, Padding.VALID);                                      // (N, 32, 149, 149)
        x = nn.basic("Conv2d_2a_3x3", x, 1, Padding.VALID);                                      // (N, 32, 147, 147)
        x = nn.maxPool(nn.basic("Conv2d_2b_3x3", x), 2, 0);                                      // (N, 64, 73, 73)
        x = nn.basic("Conv2d_3b_1x1", x, 1, Padding.VALID);                                      // (N, 80, 73, 73)
        x = nn.maxPool(nn.basic("Conv2d_4a_3x3", x, 1, Padding.VALID), 2, 0);                    // (N, 192, 35, 35)
        x = blocks.a("Mixed_5b", x);                                                            // (N, 256, 35, 35)
        x = blocks.a("Mixed_5c", x);                                                            // (N, 288, 35, 35)
        x = blocks.a("Mixed_5d", x);                                                            // (N, 288, 35, 35)
        x = blocks.b("Mixed_6a", x);                                                            // (N, 768, 17, 17)
        x = blocks.c("Mixed_6b", x, null);                                                      // (N, 768, 17, 17)
        x = blocks.c("Mixed_6c", x, null);                                                      // (N, 768, 17, 17)
        Tensor[] spatial = new Tensor[1];
        x = blocks.c("Mixed_6d", x, spatial);                                                   // (N, 768, 17, 17)
        x = blocks.c("Mixed_6e", x, null);                                                      // (N, 768, 17, 17)
        x = blocks.d("Mixed_7a", x);                                                            // (N, 1280, 8, 8)
        x = blocks.e("Mixed_7b", x, EPool.AVERAGE);                                             // (N, 2048, 8, 8)
        x = blocks.e("Mixed_7c", x, EPool.MAX);                                                 // (N, 2048, 8, 8)
        SDVariable pool3 = sd.mean(POOL3, x.v(), 2, 3);                                         // (N, 2048)
        INDArray fcWeight = w.take("fc.weight", 2);                                             // (classes, 2048)
        w.requireSize("fc.weight", fcWeight, 1, x.channels());
        INDArray fcBias = w.take("fc.bias", 1);                                                 // (classes)
        w.requireSize("fc.bias", fcBias, 0, fcWeight.size(0));
        SDVariable logits = sd.mmul(pool3, sd.constant("fc.weight.T", fcWeight.transpose().dup('c')))
                .add(sd.constant("fc.bias", fcBias));                                           // (N, classes)
        sd.identity(LOGITS, logits);                                                            // (N, classes)
        sd.identity(SPATIAL, spatial[0].v());                                                   // (N, 192, 17, 17)
        w.requireAllTaken();
        return sd;
    }
}
