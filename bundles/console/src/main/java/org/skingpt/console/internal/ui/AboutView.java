package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.card.Card;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import org.skingpt.console.internal.ConsoleBackend;
import org.skingpt.console.internal.Versions;
import org.skingpt.console.internal.status.EngineStatus;

/** What SkinGPT is, what it is not, and what it runs on. */
@Route(value = "about", layout = MainLayout.class)
@PageTitle("About \u00b7 SkinGPT")
public class AboutView extends Div {

    private static final long serialVersionUID = 1L;

    private final transient ConsoleBackend backend;
    private final Div versions = new Div();

    public AboutView() {
        this.backend = ConsoleBackend.current();
        addClassName("sg-about");

        H2 heading = new H2("About SkinGPT");
        heading.addClassName("sg-view-heading");

        Paragraph what = new Paragraph("SkinGPT is a dermatology assistant. A clinician uploads a photo of a skin "
                + "lesion; a vision model reads the image and a Llama-family language model describes the "
                + "morphology, names the likely conditions, explains possible causes, suggests treatment, and "
                + "answers follow-up questions.");
        Paragraph origin = new Paragraph("It is a reimplementation of SkinGPT-4 (\u201cSkinGPT-4: An Interactive "
                + "Dermatology Diagnostic System with Visual Large Language Model\u201d): a vision transformer and a "
                + "Q-Former turn the image into visual tokens for the language model, as in MiniGPT-4.");

        Card privacy = new Card();
        privacy.addClassName("sg-card");
        privacy.setHeaderPrefix(VaadinIcon.LOCK.create());
        privacy.setTitle("Runs fully on-premises");
        privacy.add(new Paragraph("Images, questions and answers are processed on this machine. No data leaves "
                + "it: no cloud service, no telemetry, and no model is downloaded at run time."));

        Card clinical = new Card();
        clinical.setId("clinical-use-statement");
        clinical.addClassName("sg-card");
        clinical.addClassName("sg-card-warning");
        clinical.setHeaderPrefix(VaadinIcon.WARNING.create());
        clinical.setTitle("Not for clinical use");
        clinical.add(new Paragraph("The demo models that ship with SkinGPT are small and were trained on "
                + "synthetic data only. Their answers are not medical advice and must not be used to diagnose "
                + "or treat anyone."));

        Div cards = new Div(privacy, clinical);
        cards.addClassName("sg-cards");

        H3 versionsTitle = new H3("Versions");
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
                fact("SkinGPT console", v.console()),
                fact("Inference engine", engine.hasDetails()
                        ? engine.engineName() + " (libtorch " + engine.engineVersion() + ")"
                        : engine.state().label()),
                fact("DJL", engine.hasDetails() ? engine.bindingVersion() : "\u2014"),
                fact("Vaadin", v.vaadin() + " (Flow " + v.flow() + ")"),
                fact("Apache Karaf", v.karaf()),
                fact("OSGi framework", v.framework()),
                fact("Java", v.java()));
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
