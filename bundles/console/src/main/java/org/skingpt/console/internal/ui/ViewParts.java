package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.Span;

/** Small pieces that several console views build the same way. */
final class ViewParts {

    private ViewParts() {
    }

    /** A labelled value in a {@code sg-facts} block. */
    static Div fact(String label, Span value) {
        Span name = new Span(label);
        name.addClassName("sg-fact-label");
        Div fact = new Div(name, value);
        fact.addClassName("sg-fact");
        return fact;
    }
}
