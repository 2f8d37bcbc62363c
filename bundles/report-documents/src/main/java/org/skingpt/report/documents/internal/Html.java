package org.skingpt.report.documents.internal;

import java.util.Base64;
import org.skingpt.api.consultation.ConsultationImage;

/** HTML output helpers. Every text that did not come from this bundle goes through {@link #escape}. */
final class Html {

    /**
     * Forbids scripts, frames, forms and every external load: the page shows inline CSS and data: images
     * only, even if escaping were ever bypassed.
     */
    static final String CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'; "
            + "base-uri 'none'; form-action 'none'";

    private Html() {
    }

    /** Escapes text for element content and quoted attribute values. */
    static String escape(String text) {
        if (text == null || text.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                case '\r' -> { }
                default -> {
                    // Other C0 controls are not allowed in HTML text.
                    if (c < 0x20 && c != '\n' && c != '\t') {
                        b.append(' ');
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    /** The image as a data: URI (the intake re-encodes every image as PNG). */
    static String dataUri(ConsultationImage image) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(image.png());
    }

    /** The page start: doctype, language, charset, CSP, title and the style sheet. */
    static void head(StringBuilder out, String languageTag, String title, String css) {
        out.append("<!DOCTYPE html>\n<html lang=\"").append(escape(languageTag)).append("\">\n<head>\n")
                .append("<meta charset=\"utf-8\">\n")
                .append("<meta http-equiv=\"Content-Security-Policy\" content=\"").append(CSP).append("\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(escape(title)).append("</title>\n")
                .append("<style>\n").append(css).append("</style>\n</head>\n");
    }
}
