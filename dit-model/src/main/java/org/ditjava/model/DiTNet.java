package org.ditjava.model;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The DiT module tree for one {@link DiTConfig} (official {@code DiT} class; paper Fig. 3): it lists
 * the model's tensors in {@code state_dict} order without building anything ({@link #params}), and
 * adds the whole forward pass to a SameDiff graph ({@link #build}).
 */
public final class DiTNet {
    /** Name of the block list ({@code blocks.i}). */
    public static final String BLOCKS = "blocks";

    private final DiTConfig config;
    private final PatchEmbed xEmbedder;
    private final PosEmbed posEmbed;
    private final TimestepEmbedder tEmbedder;
    private final LabelEmbedder yEmbedder;
    private final List<DiTBlock> blocks = new ArrayList<>();
    private final FinalLayer finalLayer;

    public DiTNet(DiTConfig config) {
        Scope root = Scope.root();
        this.config = config;
        this.xEmbedder = new PatchEmbed(root.child("x_embedder"), config);
        this.posEmbed = new PosEmbed(config);
        this.tEmbedder = new TimestepEmbedder(root.child("t_embedder"), config.hiddenSize());
        this.yEmbedder = new LabelEmbedder(root.child("y_embedder"), config);
        for (int i = 0; i < config.depth(); i++) {
            blocks.add(DiTBlock.create(config, root.child(BLOCKS).child(i)));
        }
        this.finalLayer = new FinalLayer(root.child("final_layer"), config);
    }

    /** Every tensor, in official {@code state_dict} order ({@code pos_embed} first, as PyTorch lists it). */
    public ParamList params() {
        ParamList p = new ParamList();
        posEmbed.declare(p);
        xEmbedder.declare(p);
        tEmbedder.declare(p);
        yEmbedder.declare(p);
        blocks.forEach(b -> b.declare(p));
        finalLayer.declare(p);
        return p;
    }

    /** Adds the forward pass to a fresh graph; all variables start at zero (load or initialise them). */
    public DiTGraph build(DataType dtype) {
        SameDiff sd = SameDiff.create();
        GraphContext g = new GraphContext(sd, dtype, params());
        int c = config.inChannels();
        int s = config.inputSize();
        SDVariable x = sd.placeHolder("x", dtype, -1, c, s, s);                    // (N, C, H, W)
        SDVariable t = sd.placeHolder("t", dtype, -1);                             // (N)
        SDVariable y = sd.placeHolder("y", DataType.INT64, -1);                     // (N)
        g.setBatch(y);
        SDVariable tokens = posEmbed.apply(g, xEmbedder.apply(g, x));             // (N, T, D)
        SDVariable tFreq = TimestepEmbedder.frequencyEmbedding(sd, t, DiTConfig.FREQUENCY_EMBEDDING_SIZE); // (N, 256)
        SDVariable tEmb = tEmbedder.apply(g, tFreq);                               // (N, D)
        SDVariable yEmb = yEmbedder.apply(g, y);                                   // (N, D)
        SDVariable cond = tEmb.add(yEmb);                                          // (N, D)
        SDVariable condTokens = sd.stack(1, tEmb, yEmb);                           // (N, 2, D)
        List<SDVariable> outs = new ArrayList<>();
        SDVariable h = runBlocks(g, tokens, new Conditioning(cond, condTokens), outs); // (N, T, D)
        SDVariable fin = finalLayer.apply(g, h, cond);                             // (N, T, p·p·outC)
        SDVariable out = finalLayer.unpatchify(sd, fin);                           // (N, outC, H, W)
        return new DiTGraph(config, sd, dtype, x, t, y, out, tFreq, tEmb, yEmb, cond, tokens, outs, fin, g.taps());
    }

    /** The block stack; in-context appends the two conditioning tokens first and drops them after. */
    private SDVariable runBlocks(GraphContext g, SDVariable tokens, Conditioning cond, List<SDVariable> outs) {
        boolean inContext = config.blockType() == BlockType.IN_CONTEXT;
        SDVariable h = inContext ? g.sd().concat(1, tokens, cond.tokens()) : tokens; // (N, T', D)
        for (DiTBlock block : blocks) {
            h = block.apply(g, h, cond);                                           // (N, T', D)
            outs.add(h);
        }
        if (inContext) {
            int[] size = {-1, config.numPatches(), config.hiddenSize()};
            h = g.sd().slice(h, new int[] {0, 0, 0}, size);                        // (N, T, D)
        }
        return h;
    }
}
