package org.ditjava.data;

import java.util.Comparator;

/**
 * Python's {@code str} ordering (by Unicode code point), which {@code sorted()} uses for class and
 * file names. {@link String#compareTo} compares UTF-16 units and differs for characters outside the
 * Basic Multilingual Plane.
 */
final class PythonOrder {
    static final Comparator<String> CODE_POINTS = PythonOrder::compare;

    private PythonOrder() {
    }

    static int compare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
