package org.ditjava.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Which classes to sample: {@code all} or a list such as {@code 0,3,7}, each repeated per class. */
public final class SampleLabels {
    private SampleLabels() {
    }

    /** Classes 0..classes-1, each {@code perClass} times in a row: one grid row per class. */
    public static long[] perClass(int classes, int perClass) {
        List<Integer> all = new ArrayList<>();
        for (int c = 0; c < classes; c++) {
            all.add(c);
        }
        return expand(all, perClass);
    }

    /** Parses {@code all} or comma-separated class indices, checked against {@code numClasses}. */
    public static List<Integer> parse(String text, int numClasses) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        List<Integer> out = new ArrayList<>();
        if (t.equals("all")) {
            for (int c = 0; c < numClasses; c++) {
                out.add(c);
            }
            return out;
        }
        for (String part : t.split(",")) {
            int c;
            try {
                c = Integer.parseInt(part.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--classes takes 'all' or class indices such as 0,3,7; got '" + text + "'");
            }
            if (c < 0 || c >= numClasses) {
                throw new IllegalArgumentException("--classes: class " + c + " is outside 0.." + (numClasses - 1)
                        + " (the model has " + numClasses + " classes)");
            }
            out.add(c);
        }
        return out;
    }

    /** Each class of {@code classes} repeated {@code perClass} times, in order. */
    public static long[] expand(List<Integer> classes, int perClass) {
        if (perClass < 1) {
            throw new IllegalArgumentException("--per-class must be positive, got " + perClass);
        }
        long[] out = new long[classes.size() * perClass];
        int i = 0;
        for (int c : classes) {
            for (int k = 0; k < perClass; k++) {
                out[i++] = c;
            }
        }
        return out;
    }
}
