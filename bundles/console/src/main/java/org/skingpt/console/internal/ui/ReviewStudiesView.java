package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import com.vaadin.flow.router.RouterLink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.ConsultationSummary;
import org.skingpt.api.record.HistoryQuery;
import org.skingpt.api.record.RecordUnavailableException;
import org.skingpt.api.review.NewStudy;
import org.skingpt.api.review.ReviewRefusedException;
import org.skingpt.api.review.ReviewStudies;
import org.skingpt.api.review.Study;
import org.skingpt.console.internal.ConsoleBackend;
import org.skingpt.console.internal.security.AuthenticatedUser;
import org.skingpt.console.internal.security.CurrentUser;

/**
 * Admins run review studies: create one from stored consultations (picked from the newest ones, optionally of one
 * model version, or typed by id), assign its reviewers by user name, close it, and open its results.
 */
@Route(value = "review-studies", layout = MainLayout.class)
public class ReviewStudiesView extends Div implements HasDynamicTitle {

    private static final long serialVersionUID = 1L;
    /** Consultations offered to pick from. */
    static final int CANDIDATES = 100;

    private final transient ConsoleBackend backend;
    private final TextField title = new TextField(Tr.t("ui.review.title"));
    private final Select<String> model = new Select<>();
    private final TextField consultations = new TextField(Tr.t("ui.review.consultations"));
    private final Grid<ConsultationSummary> candidates = new Grid<>();
    private final Grid<Study> studies = new Grid<>();
    private final Select<Study> study = new Select<>();
    private final TextField reviewers = new TextField(Tr.t("ui.review.reviewers"));
    private final Div message = new Div();
    private final Div adminPart;

    public ReviewStudiesView() {
        this.backend = ConsoleBackend.current();
        setId("review-studies");
        addClassName("sg-review-studies");
        H2 heading = new H2(Tr.t("ui.review.studies.heading"));
        heading.addClassName("sg-view-heading");
        message.setId("study-message");
        message.addClassName("sg-message");
        message.getElement().setAttribute("role", "alert");
        message.setVisible(false);
        add(heading, new Paragraph(Tr.t("ui.review.studies.what")), message);

        title.setId("study-title");
        title.setMaxLength(ReviewStudies.MAX_TITLE_CHARS);
        title.setRequired(true);
        model.setId("study-model");
        model.setLabel(Tr.t("ui.review.model"));
        model.setEmptySelectionAllowed(false);
        model.setItemLabelGenerator(m -> m.isEmpty() ? Tr.t("ui.review.anyModel") : m);
        model.addValueChangeListener(e -> loadCandidates());
        consultations.setId("study-consultations");
        consultations.setHelperText(Tr.t("ui.review.consultationsHelp"));
        consultations.addClassName("sg-wide");
        Button create = new Button(Tr.t("ui.review.create"), VaadinIcon.PLUS.create(), e -> create());
        create.setId("study-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Div form = new Div(title, model, consultations, create);
        form.addClassName("sg-token-form");

        candidates.setId("study-candidates");
        candidates.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        candidates.addColumn(s -> Dates.shown(s.startedAt())).setHeader(Tr.t("ui.history.col.started")).setAutoWidth(true);
        candidates.addColumn(ConsultationSummary::clinician).setHeader(Tr.t("ui.history.col.clinician")).setAutoWidth(true);
        candidates.addColumn(s -> s.diagnosis().isEmpty() ? ReviewNumbers.DASH : s.diagnosis())
                .setHeader(Tr.t("ui.history.col.diagnosis")).setAutoWidth(true);
        candidates.addColumn(ConsultationSummary::languageModel).setHeader(Tr.t("ui.history.col.model")).setAutoWidth(true);
        candidates.addColumn(ConsultationSummary::id).setHeader(Tr.t("ui.review.col.id")).setAutoWidth(true);
        candidates.addComponentColumn(s -> {
            Button add = new Button(Tr.t("ui.review.add"), e -> addConsultation(s.id()));
            add.setId("study-add-" + s.id());
            add.getElement().setAttribute("aria-label", Tr.t("ui.review.addLabel", s.id()));
            add.addThemeVariants(ButtonVariant.LUMO_SMALL);
            return add;
        }).setHeader("").setAutoWidth(true);
        candidates.setAllRowsVisible(true);

        studies.setId("study-grid");
        studies.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        studies.addColumn(Study::title).setHeader(Tr.t("ui.review.col.title")).setAutoWidth(true);
        studies.addColumn(s -> status(s)).setHeader(Tr.t("ui.review.col.status")).setAutoWidth(true);
        studies.addColumn(s -> s.items().size()).setHeader(Tr.t("ui.review.col.items")).setAutoWidth(true);
        studies.addColumn(s -> s.modelVersion().isEmpty() ? Tr.t("ui.review.anyModel") : s.modelVersion())
                .setHeader(Tr.t("ui.review.model")).setAutoWidth(true);
        studies.addColumn(s -> s.reviewers().isEmpty() ? ReviewNumbers.DASH : String.join(", ", s.reviewers()))
                .setHeader(Tr.t("ui.review.reviewers")).setAutoWidth(true);
        studies.addColumn(s -> s.createdBy() + " \u00b7 " + Dates.shown(s.createdAt()))
                .setHeader(Tr.t("ui.review.col.created")).setAutoWidth(true);
        studies.addComponentColumn(s -> {
            RouterLink link = new RouterLink(Tr.t("ui.review.results"), ReviewResultsView.class,
                    new RouteParameters(ReviewResultsView.STUDY_PARAMETER, s.id()));
            link.setId("study-results-" + s.id());
            return link;
        }).setHeader("").setAutoWidth(true);
        studies.setAllRowsVisible(true);

        study.setId("study-select");
        study.setLabel(Tr.t("ui.review.study"));
        study.setItemLabelGenerator(s -> s.title() + " (" + status(s) + ")");
        study.addValueChangeListener(e -> reviewers.setValue(e.getValue() == null ? ""
                : String.join(", ", e.getValue().reviewers())));
        reviewers.setId("study-reviewers");
        reviewers.setHelperText(Tr.t("ui.review.reviewersHelp"));
        reviewers.addClassName("sg-wide");
        Button assign = new Button(Tr.t("ui.review.assign"), VaadinIcon.USERS.create(), e -> assign());
        assign.setId("study-assign");
        Button close = new Button(Tr.t("ui.review.close"), VaadinIcon.LOCK.create(), e -> close());
        close.setId("study-close");
        close.addThemeVariants(ButtonVariant.LUMO_ERROR);
        Div manage = new Div(study, reviewers, assign, close);
        manage.addClassName("sg-token-form");

        adminPart = new Div(new H3(Tr.t("ui.review.list")), studies, new H3(Tr.t("ui.review.manage")), manage,
                new H3(Tr.t("ui.review.new")), form, new H3(Tr.t("ui.review.candidates")), candidates);
    }

    @Override
    public String getPageTitle() {
        return Tr.t("ui.title.reviewStudies");
    }

    /** The view may be built before sign-in (the guard runs after it): who it is for is decided here. */
    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        if (!CurrentUser.get().map(Roles::isAdmin).orElse(false)) {
            adminPart.removeFromParent();
            say("error", Tr.t("ui.review.adminsOnly"));
            return;
        }
        if (adminPart.getParent().isEmpty()) {
            add(adminPart);
        }
        loadModels();
        refresh(null);
    }

    private Optional<ReviewStudies> service() {
        Optional<ReviewStudies> s = backend.reviewStudies();
        if (s.isEmpty()) {
            say("error", Tr.t("ui.review.unavailable"));
        }
        return s;
    }

    /** Model versions of the newest consultations, for the restriction and the candidate filter. */
    private void loadModels() {
        TreeSet<String> versions = new TreeSet<>();
        for (ConsultationSummary s : recent(null)) {
            if (!s.languageModel().isEmpty()) {
                versions.add(s.languageModel());
            }
        }
        List<String> items = new ArrayList<>();
        items.add("");
        items.addAll(versions);
        model.setItems(items);
        model.setValue("");
    }

    private void loadCandidates() {
        candidates.setItems(recent(model.getValue()));
    }

    private List<ConsultationSummary> recent(String version) {
        Optional<ClinicalRecord> record = backend.clinicalRecord();
        if (record.isEmpty()) {
            say("error", Tr.t("ui.record.notRunning"));
            return List.of();
        }
        try {
            HistoryQuery q = HistoryQuery.latest(CANDIDATES);
            return record.get().find(version == null || version.isEmpty() ? q : q.withModel(version)).items();
        } catch (RecordUnavailableException e) {
            say("error", Tr.t("ui.record.unavailable", e.getMessage()));
            return List.of();
        }
    }

    private void addConsultation(String id) {
        LinkedHashSet<String> ids = new LinkedHashSet<>(ids(consultations.getValue()));
        ids.add(id);
        consultations.setValue(String.join(", ", ids));
    }

    /** Ids as typed: separated by commas, semicolons or white space. */
    static List<String> ids(String typed) {
        if (typed == null || typed.isBlank()) {
            return List.of();
        }
        return Arrays.stream(typed.split("[,;\\s]+")).filter(s -> !s.isBlank()).toList();
    }

    private void create() {
        Optional<ReviewStudies> s = service();
        Optional<AuthenticatedUser> user = CurrentUser.get();
        if (s.isEmpty() || user.isEmpty()) {
            return;
        }
        try {
            Study created = s.get().create(new NewStudy(title.getValue(), ids(consultations.getValue()),
                    model.getValue()), user.get().name());
            title.clear();
            consultations.clear();
            refresh(created);
            say("info", Tr.t("ui.review.created", created.title(), created.items().size()));
        } catch (ReviewRefusedException | RecordUnavailableException e) {
            // The form keeps what was typed: nothing is lost.
            say("error", Tr.t("ui.review.refused", e.getMessage()));
        }
    }

    private void assign() {
        Optional<ReviewStudies> s = service();
        Optional<AuthenticatedUser> user = CurrentUser.get();
        Study chosen = study.getValue();
        if (s.isEmpty() || user.isEmpty()) {
            return;
        }
        if (chosen == null) {
            say("error", Tr.t("ui.review.chooseStudy"));
            return;
        }
        try {
            Study changed = s.get().assignReviewers(chosen.id(), ids(reviewers.getValue()), user.get().name());
            refresh(changed);
            say("info", Tr.t("ui.review.assigned", changed.title(), changed.reviewers().isEmpty()
                    ? ReviewNumbers.DASH : String.join(", ", changed.reviewers())));
        } catch (ReviewRefusedException | RecordUnavailableException e) {
            say("error", Tr.t("ui.review.refused", e.getMessage()));
        }
    }

    private void close() {
        Optional<ReviewStudies> s = service();
        Optional<AuthenticatedUser> user = CurrentUser.get();
        Study chosen = study.getValue();
        if (s.isEmpty() || user.isEmpty()) {
            return;
        }
        if (chosen == null) {
            say("error", Tr.t("ui.review.chooseStudy"));
            return;
        }
        try {
            Study closed = s.get().close(chosen.id(), user.get().name());
            refresh(closed);
            say("info", Tr.t("ui.review.closed", closed.title()));
        } catch (ReviewRefusedException | RecordUnavailableException e) {
            say("error", Tr.t("ui.review.refused", e.getMessage()));
        }
    }

    /** Reloads the studies and the candidates; {@code select} becomes the chosen study. */
    private void refresh(Study select) {
        loadCandidates();
        service().ifPresent(s -> {
            try {
                List<Study> all = s.list();
                studies.setItems(all);
                study.setItems(all);
                String keep = select != null ? select.id() : study.getValue() == null ? null : study.getValue().id();
                all.stream().filter(x -> x.id().equals(keep)).findFirst().or(() -> all.stream().findFirst())
                        .ifPresent(study::setValue);
            } catch (RecordUnavailableException e) {
                say("error", Tr.t("ui.record.unavailable", e.getMessage()));
            }
        });
    }

    static String status(Study s) {
        return Tr.t("ui.review.status." + s.status().name().toLowerCase(Locale.ROOT));
    }

    private void say(String kind, String text) {
        message.setText(text);
        message.getElement().setAttribute("data-kind", kind);
        message.setVisible(true);
    }
}
