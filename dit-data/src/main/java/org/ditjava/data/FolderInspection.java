package org.ditjava.data;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@link DatasetInspector} found.
 *
 * @param root        the dataset root
 * @param classes     class names (index = label)
 * @param counts      usable images per class after the scan
 * @param decoded     images decoded and cropped successfully
 * @param checked     images whose decoding was attempted
 * @param bad         every bad input found, scan and decode
 * @param contactSheet the PNG written, if any
 */
public record FolderInspection(Path root, List<String> classes, int[] counts, long decoded, long checked,
                               List<BadInputException> bad, Optional<Path> contactSheet) {

    public FolderInspection {
        classes = List.copyOf(classes);
        counts = counts.clone();
        bad = List.copyOf(bad);
    }

    @Override
    public int[] counts() {
        return counts.clone();
    }

    /** Images listed after the scan. */
    public long listed() {
        long n = 0;
        for (int c : counts) {
            n += c;
        }
        return n;
    }
}
