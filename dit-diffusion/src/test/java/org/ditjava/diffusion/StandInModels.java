package org.ditjava.diffusion;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** The stand-in models of fixtures/diffusion/README.md ("Stand-in models"), recording the timesteps they get. */
final class StandInModels {

    private StandInModels() {
    }

    /** Base: remembers the timestep batch of every call. */
    abstract static class Recording implements Denoiser {
        final List<long[]> timesteps = new ArrayList<>();

        @Override
        public final INDArray apply(INDArray x, INDArray t, INDArray y) {
            timesteps.add(t.toLongVector());
            return output(x, t);
        }

        abstract INDArray output(INDArray x, INDArray t);

        long[] lastTimesteps() {
            return timesteps.get(timesteps.size() - 1);
        }
    }

    /** losses / step: ignores its input and returns a fixed tensor [eps | v]. */
    static final class Fixed extends Recording {
        private final INDArray output;

        Fixed(INDArray output) {
            this.output = output;
        }

        @Override
        INDArray output(INDArray x, INDArray t) {
            return output.dup();
        }
    }

    /** loop: out[:, :C] = x (0.9 + 1e-4 t_model), out[:, C:] = tanh(x), computed in float32 like the reference. */
    static final class Loop extends Recording {
        @Override
        INDArray output(INDArray x, INDArray t) {
            long[] steps = t.toLongVector();
            float[] factor = new float[steps.length];
            for (int i = 0; i < steps.length; i++) {
                factor[i] = 0.9f + 1e-4f * steps[i];
            }
            INDArray perSample = Nd4j.createFromArray(factor).reshape(steps.length, 1, 1, 1);   // (N, 1, 1, 1)
            return Nd4j.concat(1, x.mul(perSample), Transforms.tanh(x, true));               // (N, 2C, H, W)
        }
    }
}
