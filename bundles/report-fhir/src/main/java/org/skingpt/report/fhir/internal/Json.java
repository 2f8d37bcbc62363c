package org.skingpt.report.fhir.internal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The few JSON values a FHIR resource needs, written in insertion order.
 *
 * <p>Why hand-written: the runtime bundle must not drag a JSON library (let alone HAPI) into
 * Karaf, and FHIR JSON needs only objects, arrays, strings, booleans and numbers. {@link Obj#put}
 * drops null, blank and empty values because FHIR forbids empty elements (ele-1), and strips
 * strings because FHIR strings should not start or end with whitespace.
 */
final class Json {

    private Json() {
    }

    /** A JSON object whose members keep the order they were put in. */
    static final class Obj {
        private final Map<String, Object> members = new LinkedHashMap<>();

        /** Puts a string, number, boolean, {@link Obj} or list; ignores absent or empty values. */
        Obj put(String name, Object value) {
            Object v = value instanceof String s ? clean(s) : value;
            if (!Json.isEmpty(v)) {
                members.put(name, v);
            }
            return this;
        }

        boolean isEmpty() {
            return members.isEmpty();
        }

        String write() {
            StringBuilder out = new StringBuilder(4096);
            writeValue(out, this, 0);
            out.append('\n');
            return out.toString();
        }
    }

    /**
     * Strips the string and drops control characters other than tab and line breaks, which FHIR
     * strings should not hold (model output may carry stray ones).
     */
    static String clean(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = c < 0x20 && c != '\t' && c != '\n' && c != '\r';
            if (bad && b == null) {
                b = new StringBuilder(s.length()).append(s, 0, i);
            } else if (!bad && b != null) {
                b.append(c);
            }
        }
        return (b == null ? s : b.toString()).strip();
    }

    static Obj obj() {
        return new Obj();
    }

    /** A list of the non-empty values given. */
    static List<Object> arr(Object... values) {
        List<Object> list = new ArrayList<>(values.length);
        for (Object v : values) {
            if (!isEmpty(v)) {
                list.add(v);
            }
        }
        return list;
    }

    private static boolean isEmpty(Object v) {
        return v == null
                || (v instanceof String s && s.isBlank())
                || (v instanceof List<?> l && l.isEmpty())
                || (v instanceof Obj o && o.isEmpty());
    }

    private static void writeValue(StringBuilder out, Object value, int depth) {
        if (value instanceof Obj o) {
            out.append('{');
            boolean first = true;
            for (Map.Entry<String, Object> member : o.members.entrySet()) {
                out.append(first ? "\n" : ",\n");
                first = false;
                indent(out, depth + 1);
                writeString(out, member.getKey());
                out.append(": ");
                writeValue(out, member.getValue(), depth + 1);
            }
            out.append('\n');
            indent(out, depth);
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            boolean first = true;
            for (Object item : list) {
                out.append(first ? "\n" : ",\n");
                first = false;
                indent(out, depth + 1);
                writeValue(out, item, depth + 1);
            }
            out.append('\n');
            indent(out, depth);
            out.append(']');
        } else if (value instanceof String s) {
            writeString(out, s);
        } else if (value instanceof Boolean b) {
            out.append(b.booleanValue());
        } else if (value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Double d) {
            // FHIR decimals keep their precision as written: 1.0 stays 1.0, never 1 or 1.0E0.
            out.append(BigDecimal.valueOf(d).toPlainString());
        } else if (value instanceof BigDecimal d) {
            out.append(d.toPlainString());
        } else {
            throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
        }
    }

    private static void indent(StringBuilder out, int depth) {
        for (int i = 0; i < depth; i++) {
            out.append("  ");
        }
    }

    private static void writeString(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
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
