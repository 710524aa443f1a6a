package org.ditjava.train;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.ditjava.io.AtomicFile;

/**
 * The text file beside a sample grid PNG ({@code grid.png} → {@code grid.txt}) naming each row's class:
 * one line per grid row, {@code "<id> <name>"}; a row holding several classes lists them all.
 */
public final class GridLegend {
    private GridLegend() {
    }

    /** {@code grid.png} → {@code grid.txt} in the same folder. */
    public static Path besides(Path gridPng) {
        String name = gridPng.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return gridPng.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + ".txt");
    }

    /**
     * The legend lines of a grid of the first {@code count} of {@code labels}, {@code columns} per row.
     * {@code name} gives a class's name.
     */
    public static List<String> lines(long[] labels, int columns, int count, IntFunction<String> name) {
        List<String> out = new ArrayList<>();
        int shown = Math.min(count, labels.length);
        for (int row = 0; row * columns < shown; row++) {
            StringBuilder b = new StringBuilder();
            long last = -1;
            for (int i = row * columns; i < Math.min(shown, (row + 1) * columns); i++) {
                if (labels[i] != last) {
                    b.append(b.length() == 0 ? "" : "; ").append(labels[i]).append(' ').append(name.apply((int) labels[i]));
                    last = labels[i];
                }
            }
            out.add(b.toString());
        }
        return out;
    }

    /** Writes {@link #lines} to {@code file} atomically. */
    public static void write(Path file, List<String> lines) throws IOException {
        try (AtomicFile f = AtomicFile.create(file)) {
            Files.write(f.tempPath(), lines, StandardCharsets.UTF_8);
            f.commit();
        }
    }
}
