package org.ditjava.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The fixed 2-D sine-cosine positional table {@code pos_embed} (1, T, D) (official
 * {@code get_2d_sincos_pos_embed}, MAE style; paper §3.1), computed in float64 and cast.
 *
 * <p>Axis order as the reference (checked against the fixtures): {@code np.meshgrid(grid_w, grid_h)}
 * makes the first D/2 channels encode the token's <em>column</em> and the last D/2 its row, although
 * the reference calls them emb_h and emb_w. Each half is [sin(pos·ω_k) | cos(pos·ω_k)] with
 * ω_k = 1 / 10000^(k / (D/4)), k = 0 … D/4 − 1. Token index = row·G + column.
 */
public final class PosEmbed {
    /** The {@code state_dict} key. */
    public static final String NAME = "pos_embed";

    private final int width;
    private final int grid;

    public PosEmbed(DiTConfig config) {
        this.width = config.hiddenSize();
        this.grid = config.gridSize();
    }

    /** Declares {@code pos_embed} (1, T, D), frozen. */
    public void declare(ParamList params) {
        params.add(NAME, ParamInit.SINCOS_2D, 1, (long) grid * grid, width);
    }

    /** tokens (N, T, D) → tokens + pos_embed (N, T, D). */
    public SDVariable apply(GraphContext g, SDVariable tokens) {
        SDVariable table = g.constant(NAME, table(width, grid).reshape(1, (long) grid * grid, width)); // (1, T, D)
        return tokens.add(table);                                                                      // (N, T, D)
    }

    /** The float64 table (G², D) for width D (divisible by 4) and a G×G grid. */
    public static INDArray table(int width, int grid) {
        if (width % 4 != 0) {
            throw new IllegalArgumentException("sin-cos table width " + width + " is not divisible by 4");
        }
        int quarter = width / 4;
        double[][] rows = new double[grid * grid][width];
        for (int r = 0; r < grid; r++) {
            for (int c = 0; c < grid; c++) {
                double[] row = rows[r * grid + c];
                fillHalf(row, 0, c, quarter);          // first half: the column
                fillHalf(row, 2 * quarter, r, quarter); // second half: the row
            }
        }
        return Nd4j.createFromArray(rows).castTo(DataType.DOUBLE);
    }

    private static void fillHalf(double[] row, int offset, int pos, int quarter) {
        for (int k = 0; k < quarter; k++) {
            double omega = 1.0 / Math.pow(10000.0, k / (double) quarter);
            row[offset + k] = Math.sin(pos * omega);
            row[offset + quarter + k] = Math.cos(pos * omega);
        }
    }
}
