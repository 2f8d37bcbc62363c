package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.dom.Element;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadEvent;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.skingpt.api.record.RecordUnavailableException;
import org.skingpt.api.review.Agreement;
import org.skingpt.api.review.ModelResults;
import org.skingpt.api.review.ReviewRefusedException;
import org.skingpt.api.review.ReviewStudies;
import org.skingpt.api.review.StatementResult;
import org.skingpt.api.review.Study;
import org.skingpt.api.review.StudyItem;
import org.skingpt.api.review.StudyResults;
import org.skingpt.console.internal.ConsoleBackend;
import org.skingpt.console.internal.security.AuthenticatedUser;
import org.skingpt.console.internal.security.CurrentUser;

/**
 * A study's results as the paper's table, one per model version: per statement n, the share of agree + strongly
 * agree with its Wilson 95% interval, the distribution of the five answers, Krippendorff's alpha (ordinal) between
 * reviewers, and the paper's published share; then the reviewers' agreement with the model's diagnosis. The raw
 * ratings download as CSV ({@link ReviewCsv}). Admins see every study, a reviewer the studies they are assigned to.
 */
@Route(value = "review-studies/:" + ReviewResultsView.STUDY_PARAMETER + "/results", layout = MainLayout.class)
public class ReviewResultsView extends Div implements BeforeEnterObserver, HasDynamicTitle {

    private static final long serialVersionUID = 1L;
    static final String STUDY_PARAMETER = "study";

    private final transient ConsoleBackend backend;
    private final H2 heading = new H2(Tr.t("ui.review.results.title"));
    private final Div message = new Div();
    private final Div content = new Div();
    private volatile String studyId;

    public ReviewResultsView() {
        this.backend = ConsoleBackend.current();
        setId("review-results");
        addClassName("sg-review-results");
        heading.addClassName("sg-view-heading");
        message.setId("results-message");
        message.addClassName("sg-message");
        message.getElement().setAttribute("role", "alert");
        message.setVisible(false);
        content.setId("results-content");
        add(heading, message, content);
    }

    @Override
    public String getPageTitle() {
        return Tr.t("ui.title.reviewResults");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        content.removeAll();
        message.setVisible(false);
        studyId = null;
        Optional<AuthenticatedUser> user = CurrentUser.get();
        if (user.isEmpty()) {
            return;
        }
        Optional<ReviewStudies> service = backend.reviewStudies();
        if (service.isEmpty()) {
            say(Tr.t("ui.review.unavailable"));
            return;
        }
        String id = event.getRouteParameters().get(STUDY_PARAMETER).orElse("");
        try {
            Optional<Study> study = service.get().get(id);
            if (study.isEmpty() || !mayRead(user.get(), study.get())) {
                say(Tr.t("ui.review.results.notAllowed"));
                return;
            }
            studyId = study.get().id();
            show(service.get().results(studyId));
        } catch (ReviewRefusedException | RecordUnavailableException e) {
            say(e.getMessage());
        }
    }

    static boolean mayRead(AuthenticatedUser user, Study study) {
        return Roles.isAdmin(user) || Roles.isReviewer(user) && study.reviewers().contains(user.name());
    }

    private void show(StudyResults r) {
        Study s = r.study();
        heading.setText(Tr.t("ui.review.results.heading", s.title()));
        Paragraph facts = new Paragraph(Tr.t("ui.review.results.status", ReviewStudiesView.status(s),
                s.reviewers().isEmpty() ? ReviewNumbers.DASH : String.join(", ", s.reviewers()), s.items().size()));
        facts.setId("results-facts");
        Paragraph what = new Paragraph(Tr.t("ui.review.results.what"));
        what.addClassName("sg-muted");
        content.add(facts, what);
        if (r.erasedItems() > 0) {
            Paragraph erased = new Paragraph(Tr.t("ui.review.results.erased", r.erasedItems()));
            erased.setId("results-erased");
            content.add(erased);
        }
        int m = 0;
        for (ModelResults model : r.models()) {
            content.add(table(model, m++));
        }
        if (r.models().isEmpty()) {
            content.add(new Paragraph(Tr.t("ui.review.results.none")));
        }
        Anchor export = new Anchor();
        export.setHref(this::writeCsv, AttachmentType.DOWNLOAD);
        export.setId("results-export");
        export.add(VaadinIcon.DOWNLOAD.create(), new Span(Tr.t("ui.review.results.export")));
        export.addClassName("sg-download");
        Paragraph paper = new Paragraph(Tr.t("ui.review.results.paper"));
        paper.addClassName("sg-muted");
        content.add(export, paper);
    }

    /** The paper's table for one model version, as a plain HTML table (read by screen readers as one). */
    private Div table(ModelResults model, int m) {
        H3 title = new H3(Tr.t("ui.review.results.model", model.modelVersion().isEmpty() ? ReviewNumbers.DASH
                : model.modelVersion(), model.items(), model.reviews()));
        Element table = new Element("table");
        table.setAttribute("id", "results-table-" + m);
        table.getClassList().add("sg-results-table");
        Element caption = new Element("caption").setText(Tr.t("ui.review.results.caption", model.modelVersion()));
        table.appendChild(caption);
        Element head = new Element("tr");
        for (String key : new String[] {"statement", "n", "agree", "ci", "distribution", "alpha", "paper"}) {
            head.appendChild(new Element("th").setAttribute("scope", "col").setText(Tr.t("ui.review.results.col." + key)));
        }
        table.appendChild(new Element("thead").appendChild(head));
        Element body = new Element("tbody");
        int i = 0;
        for (StatementResult s : model.statements()) {
            Element row = new Element("tr");
            row.setAttribute("id", "results-" + m + "-" + i);
            row.setAttribute("data-statement", s.statement().key());
            row.appendChild(new Element("th").setAttribute("scope", "row")
                    .setText((i + 1) + ". " + Tr.t("ui.review.statement." + s.statement().key())));
            row.appendChild(cell(m, i, "n", String.valueOf(s.n())));
            row.appendChild(cell(m, i, "agree", ReviewNumbers.percent(s.agree().percent())));
            row.appendChild(cell(m, i, "ci", ReviewNumbers.interval(s.agree())));
            row.appendChild(cell(m, i, "distribution", distribution(s)));
            row.appendChild(cell(m, i, "alpha", ReviewNumbers.alpha(s.interRater())));
            row.appendChild(cell(m, i, "paper", ReviewNumbers.published(s.published())));
            body.appendChild(row);
            i++;
        }
        table.appendChild(body);
        Div wrapper = new Div();
        wrapper.addClassName("sg-results-wrapper");
        wrapper.getElement().appendChild(table);
        Paragraph dx = new Paragraph(Tr.t("ui.review.results.diagnosis", model.diagnosisAgreement().count(),
                model.diagnosisAgreement().n(), ReviewNumbers.percent(model.diagnosisAgreement().percent()),
                ReviewNumbers.interval(model.diagnosisAgreement())));
        dx.setId("results-diagnosis-" + m);
        Div block = new Div(title, wrapper, dx);
        block.setId("results-model-" + m);
        block.addClassName("sg-card");
        return block;
    }

    private static Element cell(int m, int i, String column, String text) {
        return new Element("td").setAttribute("id", "results-" + m + "-" + i + "-" + column).setText(text);
    }

    /** "strongly agree 1 · agree 2 · neutral 0 · disagree 1 · strongly disagree 0" */
    private static String distribution(StatementResult s) {
        StringBuilder b = new StringBuilder();
        for (Agreement a : Agreement.values()) {
            if (b.length() > 0) {
                b.append(" \u00b7 ");
            }
            b.append(Tr.t("ui.review.agreement." + a.name())).append(' ').append(s.distribution().get(a));
        }
        return b.toString();
    }

    private void writeCsv(DownloadEvent event) throws IOException {
        String id = studyId;
        Optional<ReviewStudies> service = backend.reviewStudies();
        Optional<AuthenticatedUser> user = CurrentUser.get();
        Optional<Study> study = id == null || service.isEmpty() ? Optional.empty() : service.get().get(id);
        if (study.isEmpty() || user.isEmpty() || !mayRead(user.get(), study.get())) {
            event.getResponse().setStatus(404);
            event.setContentType("text/plain; charset=utf-8");
            event.getWriter().print("No such study.");
            return;
        }
        Map<String, String> models = new HashMap<>();
        for (StudyItem item : study.get().items()) {
            models.put(item.consultationId(), item.languageModel());
        }
        event.setFileName("skingpt-" + id + "-ratings.csv");
        event.setContentType("text/csv; charset=utf-8");
        try (Writer out = new OutputStreamWriter(event.getOutputStream(), StandardCharsets.UTF_8)) {
            ReviewCsv.write(out, service.get().reviews(id), models);
        }
    }

    private void say(String text) {
        message.setText(text);
        message.getElement().setAttribute("data-kind", "error");
        message.setVisible(true);
    }
}
