package org.ditjava.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.ditjava.data.BadInputException;
import org.ditjava.data.BadInputPolicy;
import org.ditjava.data.DatasetInspector;
import org.ditjava.data.FolderInspection;
import org.ditjava.data.ImageFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code dit data inspect ROOT}: classes, counts, bad files and a contact sheet. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "List the classes and image counts of ROOT/<class>/<image> (torchvision ImageFolder rules), "
                + "decode and center-crop the images to find bad files, and write a contact sheet of a few crops.")
final class DataInspectCommand implements Callable<Integer> {
    private static final int CLASSES_SHOWN = 40;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "ROOT", description = "dataset folder: ROOT/<class>/<image>")
    private Path root;

    @Option(names = "--image-size", paramLabel = "PX", defaultValue = "256",
            description = "center-crop size for the checks and the sheet (default ${DEFAULT-VALUE})")
    private int imageSize;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "-1",
            description = "decode-check only the first N images (default: all; 0: listing only)")
    private long limit;

    @Option(names = "--threads", paramLabel = "N", description = "decoding threads (default: one per core)")
    private Integer threads;

    @Option(names = "--policy", paramLabel = "fail|skip", defaultValue = "skip",
            description = "skip: report every bad file (default); fail: stop at the first")
    private String policy;

    @Option(names = "--sheet", paramLabel = "PNG", defaultValue = "contact-sheet.png",
            description = "contact sheet file (default ${DEFAULT-VALUE})")
    private Path sheet;

    @Option(names = "--sheet-images", paramLabel = "N", defaultValue = "16",
            description = "crops on the sheet, taken across the classes (default ${DEFAULT-VALUE}; 0: no sheet)")
    private int sheetImages;

    @Override
    public Integer call() throws IOException {
        if (imageSize <= 0 || sheetImages < 0) {
            throw new ParameterException(spec.commandLine(), "--image-size must be positive and --sheet-images >= 0");
        }
        BadInputPolicy badPolicy = parsePolicy();
        PrintWriter out = spec.commandLine().getOut();
        ImageFolder folder = ImageFolder.scan(root, badPolicy);
        int nThreads = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        FolderInspection r = DatasetInspector.inspect(folder, imageSize, limit, nThreads, sheetImages, sheet, n -> { });
        print(out, r);
        out.flush();
        return 0;
    }

    private BadInputPolicy parsePolicy() {
        return Flags.parse(spec, "--policy", () -> BadInputPolicy.parse(policy));
    }

    private void print(PrintWriter out, FolderInspection r) {
        out.printf("dataset  %s%n", r.root());
        out.printf("classes  %d%n", r.classes().size());
        int[] counts = r.counts();
        for (int i = 0; i < r.classes().size(); i++) {
            if (i == CLASSES_SHOWN && r.classes().size() > CLASSES_SHOWN + 1) {
                out.printf("  ... %d more classes%n", r.classes().size() - CLASSES_SHOWN);
                break;
            }
            out.printf(Locale.ROOT, "  %5d  %-30s %,9d%n", i, r.classes().get(i), counts[i]);
        }
        out.printf(Locale.ROOT, "images   %,d listed, %,d decoded and cropped to %dx%d (%,d checked)%n",
                r.listed(), r.decoded(), imageSize, imageSize, r.checked());
        out.printf("bad      %d%n", r.bad().size());
        for (BadInputException b : r.bad()) {
            out.printf("  %s%n", b.getMessage());
        }
        r.contactSheet().ifPresent(p -> out.printf("sheet    %s%n", p));
    }
}
