package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.router.RouteParameters;
import java.util.Optional;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.ConsultationSummary;
import org.skingpt.api.record.Page;
import org.skingpt.api.record.RecordUnavailableException;
import org.skingpt.console.internal.ConsoleBackend;
import org.skingpt.console.internal.security.Audit;
import org.skingpt.console.internal.security.AuthenticatedUser;
import org.skingpt.console.internal.security.CurrentUser;

/**
 * Stored consultations, newest first, a page at a time: a clinician's own, every clinician's for admins and
 * reviewers. Filters: days, diagnosis, patient and encounter reference, model version (and clinician, for those
 * who see everyone's). A row opens the consultation read-only ({@link HistoryDetailView}).
 */
@Route(value = "history", layout = MainLayout.class)
public class HistoryView extends Div implements HasDynamicTitle {

    private static final long serialVersionUID = 1L;

    /** Consultations per page. */
    static final int PAGE_SIZE = 25;

    private final transient ConsoleBackend backend;
    private final Paragraph scope = new Paragraph();
    private final TextField clinician = new TextField(Tr.t("ui.history.clinician"));
    private final DatePicker from = Dates.picker("history-from", Tr.t("ui.history.from"));
    private final DatePicker to = Dates.picker("history-to", Tr.t("ui.history.to"));
    private final TextField diagnosis = new TextField(Tr.t("ui.history.diagnosis"));
    private final TextField patient = new TextField(Tr.t("ui.history.patient"));
    private final TextField encounter = new TextField(Tr.t("ui.history.encounter"));
    private final TextField model = new TextField(Tr.t("ui.history.model"));
    private final Div message = new Div();
    private final Grid<ConsultationSummary> grid = new Grid<>();
    private final Button previous = new Button(Tr.t("ui.paging.previous"), VaadinIcon.ANGLE_LEFT.create());
    private final Button next = new Button(Tr.t("ui.paging.next"), VaadinIcon.ANGLE_RIGHT.create());
    private final Span pageInfo = new Span();

    private HistoryFilter filter = new HistoryFilter(null, null, null, null, null, null, null);
    private int offset;

    public HistoryView() {
        this.backend = ConsoleBackend.current();
        addClassName("sg-history");
        H2 heading = new H2(Tr.t("ui.history.heading"));
        heading.addClassName("sg-view-heading");
        scope.setId("history-scope");
        scope.addClassName("sg-muted");

        clinician.setId("history-clinician");
        diagnosis.setId("history-diagnosis");
        diagnosis.setPlaceholder(Tr.t("ui.history.diagnosisPlaceholder"));
        patient.setId("history-patient");
        encounter.setId("history-encounter");
        model.setId("history-model");
        model.setPlaceholder(Tr.t("ui.history.modelPlaceholder"));
        for (TextField f : new TextField[] {clinician, diagnosis, patient, encounter, model}) {
            f.setMaxLength(HistoryFilter.MAX_CHARS);
            f.setClearButtonVisible(true);
            f.addKeyPressListener(Key.ENTER, e -> search());
        }
        Button search = new Button(Tr.t("ui.history.search"), VaadinIcon.SEARCH.create(), e -> search());
        search.setId("history-search");
        search.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Button clear = new Button(Tr.t("ui.history.clear"), e -> clearFilters());
        clear.setId("history-clear");
        clear.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        Div filters = new Div(from, to, diagnosis, patient, encounter, model, clinician, search, clear);
        filters.setId("history-filters");
        filters.addClassName("sg-filter-row");

        message.setId("history-message");
        message.addClassName("sg-message");
        message.getElement().setAttribute("role", "alert");
        message.setVisible(false);

        grid.setId("history-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.addColumn(s -> Dates.shown(s.startedAt())).setHeader(Tr.t("ui.history.col.started") + " (" + Dates.zoneName() + ")").setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(ConsultationSummary::clinician).setHeader(Tr.t("ui.history.col.clinician")).setAutoWidth(true);
        grid.addColumn(ConsultationSummary::patientRef).setHeader(Tr.t("ui.history.col.patient")).setAutoWidth(true);
        grid.addColumn(ConsultationSummary::encounterRef).setHeader(Tr.t("ui.history.col.encounter"))
                .setAutoWidth(true);
        grid.addColumn(s -> s.diagnosis().isEmpty() ? "\u2014" : s.diagnosis())
                .setHeader(Tr.t("ui.history.col.diagnosis")).setAutoWidth(true);
        grid.addColumn(ConsultationSummary::languageModel).setHeader(Tr.t("ui.history.col.model")).setAutoWidth(true);
        grid.addColumn(s -> Tr.t("ui.history.status." + s.status().name().toLowerCase(java.util.Locale.ROOT)))
                .setHeader(Tr.t("ui.history.col.status")).setAutoWidth(true);
        grid.addColumn(s -> s.imageCount() + " / " + s.answerCount()).setHeader(Tr.t("ui.history.col.counts"))
                .setAutoWidth(true);
        grid.addComponentColumn(s -> {
            RouterLink open = new RouterLink(Tr.t("ui.history.open"), HistoryDetailView.class,
                    new RouteParameters(HistoryDetailView.ID_PARAMETER, s.id()));
            open.setId("history-open-" + s.id());
            open.getElement().setAttribute("aria-label", Tr.t("ui.history.openLabel", Dates.shown(s.startedAt())));
            return open;
        }).setHeader("").setAutoWidth(true).setFlexGrow(0);
        grid.addItemDoubleClickListener(e -> getUI().ifPresent(ui -> ui.navigate(HistoryDetailView.class,
                new RouteParameters(HistoryDetailView.ID_PARAMETER, e.getItem().id()))));
        grid.setAllRowsVisible(true);
        grid.addClassName("sg-grid");

        previous.setId("history-previous");
        previous.addClickListener(e -> showPage(Math.max(0, offset - PAGE_SIZE)));
        next.setId("history-next");
        next.setIconAfterText(true);
        next.addClickListener(e -> showPage(offset + PAGE_SIZE));
        for (Button b : new Button[] {previous, next}) {
            b.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        }
        pageInfo.setId("history-page");
        pageInfo.addClassName("sg-muted");
        Div pager = new Div(previous, pageInfo, next);
        pager.addClassName("sg-pager");

        Div header = new Div(heading);
        header.addClassName("sg-view-header");
        add(header, scope, filters, message, grid, pager);
    }

    @Override
    public String getPageTitle() {
        return Tr.t("ui.title.history");
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        Optional<AuthenticatedUser> user = CurrentUser.get();
        boolean all = user.map(Roles::seesAllConsultations).orElse(false);
        clinician.setVisible(all);
        scope.setText(Tr.t(all ? "ui.history.scopeAll" : "ui.history.scopeOwn"));
        if (user.isPresent()) {
            Audit.historySearched(user.get().name(), filter.describe(), CurrentUser.remoteAddress());
            showPage(0);
        }
    }

    private void search() {
        if (from.isInvalid() || to.isInvalid()) {
            showMessage(Tr.t("ui.date.badInput"));
            return;
        }
        HistoryFilter typed = new HistoryFilter(clinician.isVisible() ? clinician.getValue() : null, from.getValue(),
                to.getValue(), diagnosis.getValue(), patient.getValue(), encounter.getValue(), model.getValue());
        String problem = typed.problem();
        if (problem != null) {
            showMessage(Tr.t(problem, HistoryFilter.MAX_CHARS));
            return;
        }
        filter = typed;
        CurrentUser.get().ifPresent(u -> Audit.historySearched(u.name(), filter.describe(),
                CurrentUser.remoteAddress()));
        showPage(0);
    }

    private void clearFilters() {
        for (TextField f : new TextField[] {clinician, diagnosis, patient, encounter, model}) {
            f.clear();
        }
        from.clear();
        to.clear();
        search();
    }

    private void showPage(int newOffset) {
        Optional<AuthenticatedUser> user = CurrentUser.get();
        Optional<ClinicalRecord> record = backend.clinicalRecord();
        if (user.isEmpty()) {
            return;
        }
        if (record.isEmpty()) {
            showMessage(Tr.t("ui.record.notRunning"));
            grid.setItems();
            updatePager(0, 0, 0);
            return;
        }
        String only = Roles.seesAllConsultations(user.get()) ? null : user.get().name();
        try {
            Page<ConsultationSummary> page = record.get().find(filter.query(only, Dates.ZONE, newOffset, PAGE_SIZE));
            if (page.items().isEmpty() && newOffset > 0 && page.total() > 0) {
                // The list shrank (erasures) while paging: show its last page.
                showPage((int) ((page.total() - 1) / PAGE_SIZE) * PAGE_SIZE);
                return;
            }
            offset = newOffset;
            grid.setItems(page.items());
            hideMessage();
            if (page.total() == 0) {
                showMessage(Tr.t("ui.history.none"), "info");
            }
            updatePager(page.total(), newOffset, page.items().size());
        } catch (RecordUnavailableException e) {
            showMessage(Tr.t("ui.record.unavailable", e.getMessage()));
        } catch (IllegalArgumentException e) {
            showMessage(e.getMessage());
        }
    }

    private void updatePager(long total, int first, int shown) {
        pageInfo.setText(total == 0 ? Tr.t("ui.paging.empty")
                : Tr.t("ui.paging.range", first + 1, first + shown, total));
        pageInfo.getElement().setAttribute("data-total", String.valueOf(total));
        previous.setEnabled(first > 0);
        next.setEnabled(first + shown < total);
    }

    private void showMessage(String text) {
        showMessage(text, "error");
    }

    private void showMessage(String text, String kind) {
        message.setText(text);
        message.getElement().setAttribute("data-kind", kind);
        message.setVisible(true);
    }

    private void hideMessage() {
        message.setText("");
        message.setVisible(false);
    }
}
