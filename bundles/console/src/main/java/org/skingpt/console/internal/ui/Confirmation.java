package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Paragraph;

/**
 * Asks before a destructive action (uninstall, delete): a panel in the page with the question and two buttons,
 * announced to screen readers as an alert dialog; focus goes to "Cancel", so Enter alone never destroys anything.
 * The console embeds no dialog component, and an in-page panel needs none.
 */
final class Confirmation extends Div {

    private static final long serialVersionUID = 1L;

    private final Paragraph question = new Paragraph();
    private final Button yes = new Button();
    private final Button no = new Button(Tr.t("ui.admin.confirm.cancel"));
    private transient Runnable action;

    Confirmation(String idPrefix) {
        setId(idPrefix + "-confirm");
        addClassName("sg-confirm");
        getElement().setAttribute("role", "alertdialog");
        question.setId(idPrefix + "-confirm-text");
        getElement().setAttribute("aria-labelledby", idPrefix + "-confirm-text");
        yes.setId(idPrefix + "-confirm-yes");
        yes.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        yes.addClickListener(e -> {
            Runnable a = action;
            close();
            if (a != null) {
                a.run();
            }
        });
        no.setId(idPrefix + "-confirm-no");
        no.addClickListener(e -> close());
        add(question, new Div(yes, no));
        setVisible(false);
    }

    /** Shows the question; {@code onYes} runs only if the admin confirms. */
    void ask(String text, String yesLabel, Runnable onYes) {
        question.setText(text);
        yes.setText(yesLabel);
        action = onYes;
        setVisible(true);
        no.focus();
    }

    void close() {
        action = null;
        setVisible(false);
    }
}
