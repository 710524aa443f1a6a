package org.ditjava.io.torch;

import java.nio.file.Path;
import org.ditjava.io.TensorFileException;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Child-JVM side of {@link LargeCheckpointTest}: prints its heap limit and each view's values, one line each. */
public final class LargeCheckpointProbe {
    private LargeCheckpointProbe() {
    }

    public static void main(String[] args) throws Exception {
        System.out.println("maxHeap: " + Runtime.getRuntime().maxMemory());
        try (TorchCheckpoint ckpt = TorchCheckpoint.open(Path.of(args[0]))) {
            for (String name : ckpt.names()) {
                try {
                    INDArray a = ckpt.read(name);
                    StringBuilder s = new StringBuilder();
                    for (float v : a.data().asFloat()) {
                        s.append(s.length() == 0 ? "" : " ").append(v);
                    }
                    System.out.println(name + ": " + s);
                } catch (TensorFileException e) {
                    System.out.println(name + ": " + e.getMessage());
                }
            }
        }
    }
}
