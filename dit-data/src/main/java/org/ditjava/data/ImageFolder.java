package org.ditjava.data;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * An ImageNet-style dataset {@code root/<class-folder>/.../<image>} listed by torchvision's
 * {@code ImageFolder} rules ({@code torchvision/datasets/folder.py}: {@code find_classes},
 * {@code make_dataset}): the classes are the entries of {@code root} that are folders (links
 * followed), sorted; a class's index is its position in that order; its images are the files of the
 * folder and all its subfolders whose names end with an {@link ImageExtensions image extension}, in
 * {@code sorted(os.walk(..., followlinks=True))} order. Files directly in {@code root} are ignored.
 *
 * <p>Deviations, all on inputs torchvision would crash or hang on: symlink loops end (reported),
 * links leaving the root, broken links, unreadable entries, special and zero-byte files and empty
 * class folders are bad inputs handled by the {@link BadInputPolicy}. Under {@code SKIP} a class
 * keeps its index even when none of its files survive, so labels never shift.
 */
public final class ImageFolder {
    private final Path root;
    private final List<String> classes;
    private final List<Sample> samples;
    private final BadInputLog badInputs;

    private ImageFolder(Path root, List<String> classes, List<Sample> samples, BadInputLog badInputs) {
        this.root = root;
        this.classes = List.copyOf(classes);
        this.samples = List.copyOf(samples);
        this.badInputs = badInputs;
    }

    /** Lists {@code root} with a fresh log for {@code policy}. */
    public static ImageFolder scan(Path root, BadInputPolicy policy) {
        return scan(root, new BadInputLog(policy));
    }

    /**
     * Lists {@code root}, reporting bad inputs to {@code log} (which also receives the decoder's
     * rejections later). A missing root or one without any class folder always fails.
     */
    public static ImageFolder scan(Path root, BadInputLog log) {
        Path rootReal;
        try {
            rootReal = root.toRealPath();
        } catch (IOException e) {
            throw new BadInputException(root, "dataset root does not exist or cannot be resolved (" + e.getMessage() + ")", e);
        }
        if (!Files.isDirectory(rootReal)) {
            throw new BadInputException(root, "dataset root is not a folder");
        }
        List<String> classes = classFolders(root);
        if (classes.isEmpty()) {
            throw new BadInputException(root, "no class folders: expected root/<class>/<image> (torchvision ImageFolder layout)");
        }
        FolderWalker walker = new FolderWalker(rootReal, log);
        List<Sample> samples = new ArrayList<>();
        for (int label = 0; label < classes.size(); label++) {
            walker.collect(root.resolve(classes.get(label)), label, samples);
        }
        return new ImageFolder(root, classes, samples, log);
    }

    private static List<String> classFolders(Path root) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path entry : entries) {
                if (Files.isDirectory(entry)) {
                    names.add(entry.getFileName().toString());
                }
            }
        } catch (IOException e) {
            throw new BadInputException(root, "cannot list the dataset root: " + e.getMessage(), e);
        }
        names.sort(PythonOrder.CODE_POINTS);
        return names;
    }

    /** The root as given. */
    public Path root() {
        return root;
    }

    /** Class folder names; the label of a class is its index here. */
    public List<String> classes() {
        return classes;
    }

    /** Usable images in order: by class, then walk order. */
    public List<Sample> samples() {
        return samples;
    }

    /** Number of usable images. */
    public int size() {
        return samples.size();
    }

    /** The {@code i}-th image. */
    public Sample sample(int i) {
        return samples.get(i);
    }

    /** Usable images per class, indexed by label. */
    public int[] classCounts() {
        int[] counts = new int[classes.size()];
        for (Sample s : samples) {
            counts[s.label()]++;
        }
        return counts;
    }

    /** Where bad inputs go, now and while decoding. */
    public BadInputLog badInputs() {
        return badInputs;
    }

    @Override
    public String toString() {
        return "ImageFolder[" + root + ": " + classes.size() + " classes, " + samples.size() + " images]";
    }
}
