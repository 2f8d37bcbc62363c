package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.html.Paragraph;

/**
 * An answer's decode batch ({@code Provenance.decodeBatch}) in words, so that a reviewer sees whether an answer was
 * decoded alone (as in an exact replay with batching off) or together with other conversations.
 */
final class DecodeBatchText {

    /** Looks up a console text; {@link Tr#t} on a page. */
    interface Texts {
        String t(String key, Object... args);
    }

    private DecodeBatchText() {
    }

    /** The words for the current page's language; empty when not known. */
    static String of(int decodeBatch) {
        return of(decodeBatch, Tr::t);
    }

    /** The line under an answer that says how it was decoded; hidden until {@link #show} knows. */
    static Paragraph line(String id) {
        Paragraph line = new Paragraph();
        line.setId(id);
        line.addClassName("sg-muted");
        line.addClassName("sg-decode-batch");
        line.setVisible(false);
        return line;
    }

    static void show(Paragraph line, int decodeBatch) {
        String text = of(decodeBatch);
        line.setText(text);
        line.setVisible(!text.isEmpty());
    }

    static String of(int decodeBatch, Texts texts) {
        if (decodeBatch <= 0) {
            // Not known (stored before it was kept, or no decode step): say nothing rather than guess.
            return "";
        }
        return decodeBatch == 1 ? texts.t("ui.provenance.decodedAlone")
                : texts.t("ui.provenance.decodedInBatch", decodeBatch);
    }
}
