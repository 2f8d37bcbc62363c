package org.skingpt.report.fhir.internal;

/**
 * Builds the XHTML of a resource's human-readable narrative ({@code text.div}).
 *
 * <p>Why both {@code lang} and {@code xml:lang}: the FHIR validator expects both on the div of a
 * resource that states its language.
 */
final class Narrative {

    private final StringBuilder body = new StringBuilder(512);

    /** A heading. */
    Narrative heading(String text) {
        body.append("<h3>").append(escape(text)).append("</h3>");
        return this;
    }

    /** A paragraph with a bold label; skipped when the value is blank. */
    Narrative field(String label, String value) {
        if (value != null && !value.isBlank()) {
            body.append("<p><b>").append(escape(label)).append("</b>: ")
                    .append(escape(value.strip())).append("</p>");
        }
        return this;
    }

    /** A plain paragraph; skipped when blank. */
    Narrative paragraph(String value) {
        if (value != null && !value.isBlank()) {
            body.append("<p>").append(escape(value.strip())).append("</p>");
        }
        return this;
    }

    /** A paragraph in bold, for warnings; skipped when blank. */
    Narrative warning(String value) {
        if (value != null && !value.isBlank()) {
            body.append("<p><b>").append(escape(value.strip())).append("</b></p>");
        }
        return this;
    }

    /** The {@code text} element: status generated and the div. */
    Json.Obj toText(String languageTag) {
        String lang = escape(languageTag);
        String div = "<div xmlns=\"http://www.w3.org/1999/xhtml\" lang=\"" + lang + "\" xml:lang=\"" + lang + "\">"
                + body + "</div>";
        return Json.obj().put("status", "generated").put("div", div);
    }

    /** XML-escapes text and keeps its line breaks as {@code <br/>}. */
    static String escape(String s) {
        String clean = Json.clean(s);
        StringBuilder out = new StringBuilder(clean.length() + 16);
        for (int i = 0; i < clean.length(); i++) {
            char c = clean.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\r' -> {
                    if (i + 1 >= clean.length() || clean.charAt(i + 1) != '\n') {
                        out.append("<br/>");
                    }
                }
                case '\n' -> out.append("<br/>");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
