package org.ditjava.bench;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A minimal JSON writer for the report (maps, lists, strings, numbers, booleans, null). */
final class Json {
    private Json() {
    }

    static String write(Object value) {
        StringBuilder sb = new StringBuilder();
        append(sb, value, 0);
        return sb.toString();
    }

    private static void append(StringBuilder sb, Object v, int indent) {
        if (v == null) {
            sb.append("null");
        } else if (v instanceof Map<?, ?> m) {
            appendEntries(sb, m.entrySet().iterator(), indent, '{', '}');
        } else if (v instanceof List<?> l) {
            appendEntries(sb, l.iterator(), indent, '[', ']');
        } else if (v instanceof double[] a) {
            appendEntries(sb, java.util.Arrays.stream(a).boxed().iterator(), indent, '[', ']');
        } else if (v instanceof Double d) {
            sb.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.6g", d) : "null");
        } else if (v instanceof Number || v instanceof Boolean) {
            sb.append(v);
        } else {
            quote(sb, v.toString());
        }
    }

    private static void appendEntries(StringBuilder sb, Iterator<?> it, int indent, char open, char close) {
        sb.append(open);
        boolean first = true;
        while (it.hasNext()) {
            Object e = it.next();
            sb.append(first ? "\n" : ",\n").append("  ".repeat(indent + 1));
            first = false;
            if (e instanceof Map.Entry<?, ?> me) {
                quote(sb, me.getKey().toString());
                sb.append(": ");
                append(sb, me.getValue(), indent + 1);
            } else {
                append(sb, e, indent + 1);
            }
        }
        sb.append(first ? "" : "\n" + "  ".repeat(indent)).append(close);
    }

    private static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        sb.append('"');
    }
}
