package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.card.Card;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import org.skingpt.console.internal.ConsoleBackend;
import org.skingpt.console.internal.Versions;
import org.skingpt.console.internal.status.EngineStatus;

/** What SkinGPT is, what it is not, and what it runs on. */
@Route(value = "about", layout = MainLayout.class)
public class AboutView extends Div implements HasDynamicTitle {

    private static final long serialVersionUID = 1L;

    private final transient ConsoleBackend backend;
    private final Div versions = new Div();

    public AboutView() {
        this.backend = ConsoleBackend.current();
        addClassName("sg-about");
        // The page has no control of its own: focusable, so that keyboard users can scroll it (axe-core:
        // scrollable-region-focusable).
        getElement().setAttribute("tabindex", "0");
        getElement().setAttribute("aria-label", Tr.t("ui.about.heading"));

        H2 heading = new H2(Tr.t("ui.about.heading"));
        heading.addClassName("sg-view-heading");

        Paragraph what = new Paragraph(Tr.t("ui.about.what"));
        Paragraph origin = new Paragraph(Tr.t("ui.about.origin"));

        Card privacy = new Card();
        privacy.addClassName("sg-card");
        privacy.setHeaderPrefix(VaadinIcon.LOCK.create());
        privacy.setTitle(Tr.t("ui.about.privacyTitle"));
        privacy.add(new Paragraph(Tr.t("ui.about.privacy")));

        Card clinical = new Card();
        clinical.setId("clinical-use-statement");
        clinical.addClassName("sg-card");
        clinical.addClassName("sg-card-warning");
        clinical.setHeaderPrefix(VaadinIcon.WARNING.create());
        clinical.setTitle(Tr.t("ui.about.clinicalTitle"));
        clinical.add(new Paragraph(Tr.t("ui.about.clinical")));

        Div cards = new Div(privacy, clinical);
        cards.addClassName("sg-cards");

        H3 versionsTitle = new H3(Tr.t("ui.about.versions"));
        versions.setId("about-versions");
        versions.addClassName("sg-facts");

        add(heading, what, origin, cards, versionsTitle, versions);
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        Versions v = backend.versions();
        EngineStatus engine = EngineStatus.of(backend.inferenceRuntime().orElse(null));
        versions.removeAll();
        versions.add(
                fact(Tr.t("ui.about.console"), v.console()),
                fact(Tr.t("ui.about.engine"), engine.hasDetails()
                        ? engine.engineName() + " (libtorch " + engine.engineVersion() + ")"
                        : StatusView.stateLabel(engine.state())),
                fact("DJL", engine.hasDetails() ? engine.bindingVersion() : "\u2014"),
                fact("Vaadin", v.vaadin() + " (Flow " + v.flow() + ")"),
                fact("Apache Karaf", v.karaf()),
                fact(Tr.t("ui.about.framework"), v.framework()),
                fact("Java", v.java()));
    }

    @Override
    public String getPageTitle() {
        return Tr.t("ui.title.about");
    }

    private static Div fact(String label, String value) {
        Span name = new Span(label);
        name.addClassName("sg-fact-label");
        Span text = new Span(value);
        text.addClassName("sg-fact-value");
        Div fact = new Div(name, text);
        fact.addClassName("sg-fact");
        return fact;
    }
}
