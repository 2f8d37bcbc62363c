package org.skingpt.training.tokenizer;

import java.util.List;
import java.util.Map;

/**
 * A tiny JSON writer for the handful of value types a {@code tokenizer.json} needs: maps (written in
 * their iteration order, so a {@link java.util.LinkedHashMap} gives a stable key order), lists,
 * strings, integers, booleans and {@code null}.
 *
 * <p>Non-ASCII characters are written as they are (Python's {@code ensure_ascii=False}), which keeps
 * the vocabulary readable; only the quote, the backslash and control characters are escaped. Lists
 * of scalars and maps are written one element per line, so a diff of two vocabularies is readable.
 */
final class Json {

    private Json() {
    }

    /** The JSON text of {@code value}, ending with a newline. */
    static String write(Object value) {
        StringBuilder out = new StringBuilder(1 << 16);
        write(out, value, 0);
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value, int indent) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            quote(out, s);
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : map.entrySet()) {
                out.append(first ? "\n" : ",\n");
                first = false;
                newline(out, indent + 1);
                quote(out, (String) e.getKey());
                out.append(": ");
                write(out, e.getValue(), indent + 1);
            }
            out.append('\n');
            newline(out, indent);
            out.append('}');
        } else if (value instanceof List<?> list) {
            if (list.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append('[');
            boolean first = true;
            for (Object element : list) {
                out.append(first ? "\n" : ",\n");
                first = false;
                newline(out, indent + 1);
                write(out, element, indent + 1);
            }
            out.append('\n');
            newline(out, indent);
            out.append(']');
        } else {
            throw new IllegalArgumentException("Cannot write a " + value.getClass().getName() + " as JSON");
        }
    }

    private static void newline(StringBuilder out, int indent) {
        out.append("  ".repeat(indent));
    }

    /** Appends {@code s} as a JSON string literal. */
    static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    // An unpaired surrogate has no UTF-8 form; escaping it would still be rejected by
                    // strict parsers (serde_json), so it must never reach here.
                    if (Character.isSurrogate(c) && !(Character.isHighSurrogate(c) && i + 1 < s.length()
                            && Character.isLowSurrogate(s.charAt(i + 1)))
                            && !(Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(s.charAt(i - 1)))) {
                        throw new IllegalArgumentException("Unpaired surrogate in a JSON string at index " + i);
                    }
                    if (c < 0x20 || c == 0x7F) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
