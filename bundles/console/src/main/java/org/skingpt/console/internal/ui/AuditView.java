package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.card.Card;
import com.vaadin.flow.component.datepicker.DatePicker;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.streams.DownloadEvent;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.skingpt.api.record.AuditAction;
import org.skingpt.api.record.AuditEntry;
import org.skingpt.api.record.AuditQuery;
import org.skingpt.api.record.AuditTrail;
import org.skingpt.api.record.AuditVerification;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.HistoryQuery;
import org.skingpt.api.record.Page;
import org.skingpt.api.record.RecordUnavailableException;
import org.skingpt.console.internal.ConsoleBackend;
import org.skingpt.console.internal.security.Audit;
import org.skingpt.console.internal.security.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Admins read the audit trail (newest first, a page at a time, filtered by user, action, target and days), see
 * whether its hash chain is intact ({@link AuditTrail#verify()}), and export what the filter selects as CSV.
 */
@Route(value = "audit", layout = MainLayout.class)
public class AuditView extends Div implements HasDynamicTitle {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(AuditView.class);

    static final int PAGE_SIZE = 50;
    /** Most rows in one export (a larger trail is exported in parts, by date). */
    static final int MAX_EXPORT_ROWS = 100_000;

    private final transient ConsoleBackend backend;
    private final Div adminPart = new Div();
    private final Paragraph refused = new Paragraph();
    private final Span chainState = new Span();
    private final Paragraph chainSummary = new Paragraph();
    private final Button verify = new Button(Tr.t("ui.audit.verify"), VaadinIcon.CHECK_CIRCLE_O.create());
    private final TextField actor = new TextField(Tr.t("ui.audit.actor"));
    private final Select<String> action = new Select<>();
    private final TextField target = new TextField(Tr.t("ui.audit.target"));
    private final DatePicker from = Dates.picker("audit-from", Tr.t("ui.history.from"));
    private final DatePicker to = Dates.picker("audit-to", Tr.t("ui.history.to"));
    private final Div message = new Div();
    private final Grid<AuditEntry> grid = new Grid<>();
    private final Button previous = new Button(Tr.t("ui.paging.previous"), VaadinIcon.ANGLE_LEFT.create());
    private final Button next = new Button(Tr.t("ui.paging.next"), VaadinIcon.ANGLE_RIGHT.create());
    private final Span pageInfo = new Span();

    private AuditQuery query = AuditQuery.latest(PAGE_SIZE);
    private String filtersUsed = "filters=none";
    private String viewer;

    public AuditView() {
        this.backend = ConsoleBackend.current();
        addClassName("sg-audit");
        H2 heading = new H2(Tr.t("ui.audit.heading"));
        heading.addClassName("sg-view-heading");
        Div header = new Div(heading);
        header.addClassName("sg-view-header");
        Paragraph what = new Paragraph(Tr.t("ui.audit.what"));
        what.addClassName("sg-muted");
        refused.setId("audit-refused");
        add(header, what);

        chainState.setId("audit-chain-state");
        chainState.addClassName("sg-state");
        chainSummary.setId("audit-chain-summary");
        chainSummary.addClassName("sg-muted");
        verify.setId("audit-verify");
        verify.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        verify.addClickListener(e -> verifyChain());
        Card chain = new Card();
        chain.setId("audit-chain");
        chain.addClassName("sg-card");
        chain.setHeaderPrefix(VaadinIcon.LINK.create());
        chain.setTitle(Tr.t("ui.audit.chain"));
        chain.setHeaderSuffix(chainState);
        chain.add(chainSummary, verify);

        actor.setId("audit-actor");
        target.setId("audit-target");
        for (TextField f : new TextField[] {actor, target}) {
            f.setMaxLength(ClinicalRecord.MAX_NAME_CHARS);
            f.setClearButtonVisible(true);
            f.addKeyPressListener(Key.ENTER, e -> search());
        }
        action.setId("audit-action");
        action.setLabel(Tr.t("ui.audit.action"));
        List<String> actions = new ArrayList<>();
        actions.add("");
        Arrays.stream(AuditAction.values()).map(Enum::name).forEach(actions::add);
        actions.add(Audit.AUDIT_EXPORTED);
        action.setItems(actions);
        action.setItemLabelGenerator(a -> a.isEmpty() ? Tr.t("ui.audit.anyAction") : a);
        action.setValue("");
        Button search = new Button(Tr.t("ui.history.search"), VaadinIcon.SEARCH.create(), e -> search());
        search.setId("audit-search");
        search.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        Anchor export = new Anchor();
        export.setHref(this::writeCsv, AttachmentType.DOWNLOAD);
        export.setId("audit-export");
        export.add(VaadinIcon.DOWNLOAD.create(), new Span(Tr.t("ui.audit.export")));
        export.addClassName("sg-download");
        Div filters = new Div(from, to, actor, action, target, search, export);
        filters.setId("audit-filters");
        filters.addClassName("sg-filter-row");

        message.setId("audit-message");
        message.addClassName("sg-message");
        message.getElement().setAttribute("role", "alert");
        message.setVisible(false);

        grid.setId("audit-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addColumn(AuditEntry::sequence).setHeader(Tr.t("ui.audit.col.sequence")).setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(e -> Dates.shown(e.time())).setHeader(Tr.t("ui.audit.col.time") + " (" + Dates.zoneName() + ")").setAutoWidth(true)
                .setFlexGrow(0);
        grid.addColumn(AuditEntry::actor).setHeader(Tr.t("ui.audit.actor")).setAutoWidth(true);
        grid.addColumn(AuditEntry::action).setHeader(Tr.t("ui.audit.action")).setAutoWidth(true);
        grid.addColumn(AuditEntry::target).setHeader(Tr.t("ui.audit.target")).setAutoWidth(true);
        grid.addColumn(AuditEntry::detail).setHeader(Tr.t("ui.audit.col.detail")).setFlexGrow(3);
        grid.addColumn(AuditEntry::sourceAddress).setHeader(Tr.t("ui.audit.col.source")).setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.addClassName("sg-grid");

        previous.setId("audit-previous");
        previous.addClickListener(e -> showPage(Math.max(0, query.offset() - PAGE_SIZE)));
        next.setId("audit-next");
        next.setIconAfterText(true);
        next.addClickListener(e -> showPage(query.offset() + PAGE_SIZE));
        for (Button b : new Button[] {previous, next}) {
            b.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        }
        pageInfo.setId("audit-page");
        pageInfo.addClassName("sg-muted");
        Div pager = new Div(previous, pageInfo, next);
        pager.addClassName("sg-pager");

        adminPart.add(chain, filters, message, grid, pager);
    }

    @Override
    public String getPageTitle() {
        return Tr.t("ui.title.audit");
    }

    /** Only admins: others get a sentence and no data (the view may be built before sign-in). */
    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        boolean admin = CurrentUser.get().map(Roles::isAdmin).orElse(false);
        if (!admin) {
            adminPart.removeFromParent();
            refused.setText(Tr.t("ui.audit.adminsOnly"));
            add(refused);
            return;
        }
        viewer = CurrentUser.get().get().name();
        refused.removeFromParent();
        if (adminPart.getParent().isEmpty()) {
            add(adminPart);
        }
        Audit.auditSearched(viewer, filtersUsed, CurrentUser.remoteAddress());
        showPage(0);
        verifyChain();
    }

    private Optional<AuditTrail> trail() {
        Optional<AuditTrail> t = backend.auditTrail();
        if (t.isEmpty()) {
            showMessage(Tr.t("ui.record.notRunning"));
        }
        return t;
    }

    private void search() {
        if (from.isInvalid() || to.isInvalid()) {
            showMessage(Tr.t("ui.date.badInput"));
            return;
        }
        LocalDate f = from.getValue();
        LocalDate t = to.getValue();
        if (f != null && t != null && t.isBefore(f)) {
            showMessage(Tr.t("ui.history.error.dates"));
            return;
        }
        for (String s : new String[] {actor.getValue(), target.getValue()}) {
            if (s != null && (s.length() > ClinicalRecord.MAX_NAME_CHARS || s.chars().anyMatch(Character::isISOControl))) {
                showMessage(Tr.t("ui.history.error.text", ClinicalRecord.MAX_NAME_CHARS));
                return;
            }
        }
        Instant start = f == null ? null : f.atStartOfDay(Dates.ZONE).toInstant();
        Instant end = t == null ? null : t.plusDays(1).atStartOfDay(Dates.ZONE).toInstant();
        query = new AuditQuery(actor.getValue(), action.getValue(), target.getValue(), start, end, 0, PAGE_SIZE);
        List<String> used = new ArrayList<>();
        if (query.actor() != null) {
            used.add("actor");
        }
        if (query.action() != null) {
            used.add("action");
        }
        if (query.target() != null) {
            used.add("target");
        }
        if (start != null || end != null) {
            used.add("dates");
        }
        filtersUsed = used.isEmpty() ? "filters=none" : "filters=" + String.join(",", used);
        Audit.auditSearched(viewer, filtersUsed, CurrentUser.remoteAddress());
        showPage(0);
    }

    private void showPage(int offset) {
        Optional<AuditTrail> t = trail();
        if (t.isEmpty()) {
            return;
        }
        try {
            Page<AuditEntry> page = t.get().find(query.page(offset, PAGE_SIZE));
            query = query.page(offset, PAGE_SIZE);
            grid.setItems(page.items());
            hideMessage();
            if (page.total() == 0) {
                showMessage(Tr.t("ui.audit.none"), "info");
            }
            pageInfo.setText(page.total() == 0 ? Tr.t("ui.paging.empty")
                    : Tr.t("ui.paging.range", offset + 1, offset + page.items().size(), page.total()));
            pageInfo.getElement().setAttribute("data-total", String.valueOf(page.total()));
            previous.setEnabled(offset > 0);
            next.setEnabled(page.hasMore());
        } catch (RecordUnavailableException e) {
            showMessage(Tr.t("ui.record.unavailable", e.getMessage()));
        }
    }

    /** Walks the chain off the request thread (a long trail takes a while) and shows the outcome by push. */
    private void verifyChain() {
        Optional<AuditTrail> t = trail();
        if (t.isEmpty()) {
            showChain(null, null);
            return;
        }
        chainState.setText(Tr.t("ui.audit.chain.checking"));
        chainState.getElement().setAttribute("data-state", "checking");
        verify.setEnabled(false);
        UI ui = UI.getCurrent();
        String who = viewer;
        String remote = CurrentUser.remoteAddress();
        try {
            backend.consultationWorkers().execute(() -> {
                AuditVerification v = null;
                String problem = null;
                try {
                    v = t.get().verify();
                    Audit.auditVerified(who, v.intact(), v.entriesChecked(), remote);
                } catch (RuntimeException e) {
                    LOG.warn("Audit chain verification failed on the console: {}", e.toString());
                    problem = e.getMessage();
                }
                AuditVerification result = v;
                String failure = problem;
                try {
                    ui.access(() -> {
                        showChain(result, failure);
                        verify.setEnabled(true);
                    });
                } catch (UIDetachedException e) {
                    // the page is gone
                }
            });
        } catch (RejectedExecutionException e) {
            verify.setEnabled(true);
            showChain(null, Tr.t("ui.consultation.consoleBusy"));
        }
    }

    private void showChain(AuditVerification v, String failure) {
        if (v == null) {
            chainState.setText(Tr.t("ui.audit.chain.unknown"));
            chainState.getElement().setAttribute("data-state", "unavailable");
            chainSummary.setText(failure == null ? Tr.t("ui.record.notRunning") : failure);
            return;
        }
        if (v.intact()) {
            chainState.setText(Tr.t("ui.audit.chain.intact"));
            chainState.getElement().setAttribute("data-state", "ready");
            chainSummary.setText(Tr.t("ui.audit.chain.intactText", v.entriesChecked(),
                    v.lastHash().length() > 16 ? v.lastHash().substring(0, 16) + "\u2026" : v.lastHash(),
                    Dates.shown(Instant.now())));
        } else {
            chainState.setText(Tr.t("ui.audit.chain.broken"));
            chainState.getElement().setAttribute("data-state", "unavailable");
            chainSummary.setText(Tr.t("ui.audit.chain.brokenText", String.valueOf(v.brokenAt()), v.problem(),
                    v.entriesChecked()));
        }
    }

    /** Every entry the current filter selects (not just the page shown), oldest last as listed, as CSV. */
    private void writeCsv(DownloadEvent event) throws IOException {
        Optional<AuditTrail> t = backend.auditTrail();
        AuditQuery q = query;
        if (t.isEmpty() || viewer == null) {
            event.getResponse().setStatus(503);
            event.setContentType("text/plain; charset=utf-8");
            event.getWriter().print("The audit trail is not available.");
            return;
        }
        event.setFileName("skingpt-audit-" + java.time.LocalDate.now(Dates.ZONE) + ".csv");
        event.setContentType("text/csv; charset=utf-8");
        int rows = 0;
        try (Writer out = new OutputStreamWriter(event.getOutputStream(), StandardCharsets.UTF_8)) {
            AuditCsv.header(out);
            int offset = 0;
            while (rows < MAX_EXPORT_ROWS) {
                Page<AuditEntry> page = t.get().find(q.page(offset, HistoryQuery.MAX_LIMIT));
                for (AuditEntry e : page.items()) {
                    if (rows >= MAX_EXPORT_ROWS) {
                        break;
                    }
                    AuditCsv.row(out, e);
                    rows++;
                }
                if (!page.hasMore() || page.items().isEmpty()) {
                    break;
                }
                offset += page.items().size();
            }
        }
        Audit.auditExported(viewer, filtersUsed, rows, CurrentUser.remoteAddress());
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
