package org.ditjava.eval.features;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.ditjava.eval.features.inception.PthInceptionNetwork;

/**
 * The FID Inception from whichever file the user has: pytorch-fid's weight file
 * ({@code pt_inception-2015-12-05-6726825d.pth}, built natively by {@link PthInceptionNetwork}) or an
 * ONNX export ({@link OnnxInceptionNetwork}). Both give the same features.
 */
public final class FeatureNetworks {
    /** File name endings read as PyTorch weight files. */
    static final List<String> TORCH_ENDINGS = List.of(".pth", ".pt", ".bin");

    private FeatureNetworks() {
    }

    /**
     * A {@code .pth} / {@code .pt} file, a folder holding exactly one such file and no {@code .onnx},
     * or (otherwise) an {@code .onnx} file or folder as {@link OnnxInceptionNetwork#load(Path)} takes it.
     */
    public static FeatureNetwork load(Path fileOrFolder) throws IOException {
        Path torch = torchFile(fileOrFolder);
        return torch != null ? PthInceptionNetwork.load(torch) : OnnxInceptionNetwork.load(fileOrFolder);
    }

    private static Path torchFile(Path p) throws IOException {
        if (Files.isDirectory(p)) {
            try (Stream<Path> s = Files.list(p)) {
                List<Path> files = s.filter(Files::isRegularFile).sorted().toList();
                List<Path> torch = files.stream().filter(FeatureNetworks::isTorch).toList();
                boolean onnx = files.stream().anyMatch(f -> f.getFileName().toString().endsWith(".onnx"));
                return torch.size() == 1 && !onnx ? torch.get(0) : null;
            }
        }
        return isTorch(p) ? p : null;
    }

    private static boolean isTorch(Path f) {
        String name = f.getFileName().toString().toLowerCase(Locale.ROOT);
        return TORCH_ENDINGS.stream().anyMatch(name::endsWith);
    }
}
