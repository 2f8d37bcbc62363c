package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.Key;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.card.Card;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Image;
import com.vaadin.flow.component.html.ListItem;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.html.UnorderedList;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouterLink;
import com.vaadin.flow.server.streams.DownloadEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import org.skingpt.api.consultation.Answer;
import org.skingpt.api.consultation.BusyException;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.consultation.ConsultationService;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.consultation.InvalidInputException;
import org.skingpt.api.consultation.NoModelAvailableException;
import org.skingpt.api.consultation.Report;
import org.skingpt.api.record.AnswerKind;
import org.skingpt.api.record.AnswerStatus;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.ConsultationStatus;
import org.skingpt.api.record.RecordUnavailableException;
import org.skingpt.api.record.RecordWriteException;
import org.skingpt.api.record.RecordedProvenance;
import org.skingpt.api.record.RenderedReport;
import org.skingpt.api.record.StoredAnswer;
import org.skingpt.api.record.StoredConsultation;
import org.skingpt.console.internal.ConsoleBackend;
import org.skingpt.console.internal.MimeTypes;
import org.skingpt.console.internal.i18n.UiLanguage;
import org.skingpt.console.internal.security.Audit;
import org.skingpt.console.internal.security.AuthenticatedUser;
import org.skingpt.console.internal.security.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One stored consultation, read-only, as the clinical record holds it: images, questions and answers, findings,
 * provenance and the reports handed out. Any installed report format can be downloaded again, and a follow-up
 * question continues the consultation with the model versions that answered it ({@link
 * ConsultationService#reopen}, as the HTTP API's {@code POST /consultations/{id}/reopen}).
 */
@Route(value = "history/:" + HistoryDetailView.ID_PARAMETER, layout = MainLayout.class)
public class HistoryDetailView extends Div implements BeforeEnterObserver, HasDynamicTitle {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HistoryDetailView.class);
    static final String ID_PARAMETER = "id";
    private static final String[] SECTION_TITLES = {
        "ui.answer.description", "ui.answer.features", "ui.answer.causes", "ui.answer.treatment"};

    private final transient ConsoleBackend backend;
    private final H2 heading = new H2(Tr.t("ui.detail.heading"));
    private final Div message = new Div();
    private final Div content = new Div();
    private final Div answers = new Div();
    private final TextField followUp = new TextField();
    private final Button ask = new Button(Tr.t("ui.consultation.ask"), VaadinIcon.COMMENT.create());
    private final Select<String> format = new Select<>();

    private String consultationId;
    private String viewer;
    private volatile String selectedFormat;
    private volatile boolean reopenedHere;
    private boolean wasClosed;
    /** A follow-up being answered here; leaving the page stops it (what was written is kept as cancelled). */
    private transient volatile LiveRun running;
    private int nextSection;
    /** Under each answer section, same index: whether it was decoded alone or in a batch. */
    private final List<Paragraph> decodeBatches = new ArrayList<>();

    public HistoryDetailView() {
        this.backend = ConsoleBackend.current();
        setId("history-detail");
        addClassName("sg-history-detail");
        heading.addClassName("sg-view-heading");
        RouterLink back = new RouterLink(Tr.t("ui.detail.back"), HistoryView.class);
        back.setId("detail-back");
        Div header = new Div(heading, back);
        header.addClassName("sg-view-header");
        message.setId("detail-message");
        message.addClassName("sg-message");
        message.getElement().setAttribute("role", "alert");
        message.setVisible(false);
        content.setId("detail-content");
        add(header, message, content);
        // Listeners once: Vaadin reuses this view when one stored consultation links to another.
        followUp.addKeyPressListener(Key.ENTER, e -> askFollowUp());
        ask.addClickListener(e -> askFollowUp());
        format.addValueChangeListener(e -> selectedFormat = e.getValue());
    }

    @Override
    public String getPageTitle() {
        return Tr.t("ui.title.detail");
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        closeReopened();
        content.removeAll();
        hideMessage();
        consultationId = event.getRouteParameters().get(ID_PARAMETER).orElse("");
        Optional<AuthenticatedUser> user = CurrentUser.get();
        if (user.isEmpty()) {
            return; // the guard sends the visitor to the login page
        }
        Optional<ClinicalRecord> record = backend.clinicalRecord();
        if (record.isEmpty()) {
            showMessage("error", Tr.t("ui.record.notRunning"));
            return;
        }
        Optional<StoredConsultation> stored;
        try {
            stored = consultationId.isEmpty() || consultationId.length() > ClinicalRecord.MAX_ID_CHARS
                    ? Optional.empty() : record.get().load(consultationId);
        } catch (RecordUnavailableException e) {
            showMessage("error", Tr.t("ui.record.unavailable", e.getMessage()));
            return;
        }
        // Someone else's consultation is "not found" too: a clinician learns nothing about others' work.
        if (stored.isEmpty() || !Roles.mayView(user.get(), stored.get().header().clinician())) {
            showMessage("error", Tr.t("ui.detail.notFound"));
            return;
        }
        viewer = user.get().name();
        Audit.consultationViewed(viewer, consultationId, CurrentUser.remoteAddress());
        show(stored.get(), user.get());
    }

    private void show(StoredConsultation c, AuthenticatedUser user) {
        wasClosed = c.status() == ConsultationStatus.CLOSED;
        heading.setText(Tr.t("ui.detail.headingOf", Dates.shown(c.header().startedAt())));
        content.removeAll();
        boolean synthetic = c.answers().stream().anyMatch(a -> a.provenance() != null && a.provenance().syntheticModel());
        if (synthetic) {
            Div warning = new Div(VaadinIcon.WARNING.create(), new Span(Tr.t("ui.synthetic.warning")));
            warning.setId("detail-synthetic-warning");
            warning.addClassName("sg-synthetic");
            content.add(warning);
        }
        content.add(factsCard(c), imagesCard(c), findingsCard(c.findings()));

        H3 answersTitle = new H3(Tr.t("ui.detail.answers"));
        answers.setId("detail-answers");
        answers.addClassName("sg-answers");
        answers.getElement().setAttribute("aria-live", "polite");
        answers.removeAll();
        decodeBatches.clear();
        nextSection = 0;
        for (StoredAnswer a : c.answers()) {
            addAnswer(a.kind(), a.index(), a.question(), a.text(), a.status(), a.message(),
                    a.complete() && a.provenance() != null ? a.provenance().decodeBatch() : 0);
        }
        content.add(answersTitle, answers, provenanceCard(c), reportsSection(c), followUpSection(c, user));
    }

    private Card factsCard(StoredConsultation c) {
        var h = c.header();
        Div facts = new Div(
                ViewParts.fact(Tr.t("ui.detail.started"), value("detail-started", Dates.shown(h.startedAt()))),
                ViewParts.fact(Tr.t("ui.detail.clinician"), value("detail-clinician", dash(h.clinician()))),
                ViewParts.fact(Tr.t("ui.detail.patient"), value("detail-patient", dash(h.patientRef()))),
                ViewParts.fact(Tr.t("ui.detail.encounter"), value("detail-encounter", dash(h.encounterRef()))),
                ViewParts.fact(Tr.t("ui.detail.language"), value("detail-language",
                        h.servedLocale().getDisplayName(Tr.locale()) + " (" + h.servedLocale().toLanguageTag() + ")")),
                ViewParts.fact(Tr.t("ui.detail.status"), value("detail-status",
                        Tr.t("ui.history.status." + c.status().name().toLowerCase(Locale.ROOT))
                                + (c.closedAt() == null ? "" : " \u00b7 " + Dates.shown(c.closedAt())))),
                ViewParts.fact(Tr.t("ui.detail.id"), value("detail-id", c.id())));
        facts.addClassName("sg-facts");
        Card card = new Card();
        card.setId("detail-facts");
        card.addClassName("sg-card");
        card.setHeaderPrefix(VaadinIcon.CLIPBOARD_USER.create());
        card.setTitle(Tr.t("ui.detail.facts"));
        card.add(facts);
        if (!h.clinicalContext().isEmpty()) {
            Paragraph context = new Paragraph(Tr.t("ui.detail.context", h.clinicalContext()));
            context.setId("detail-context");
            card.add(context);
        }
        return card;
    }

    private Card imagesCard(StoredConsultation c) {
        Div images = new Div();
        images.setId("detail-images");
        images.addClassName("sg-thumbnails");
        List<ConsultationImage> list = c.images();
        for (int i = 0; i < list.size(); i++) {
            ConsultationImage img = list.get(i);
            Image image = ConsultationView.thumbnail(img.png(), Tr.t("ui.detail.imageName", i + 1, img.width(),
                    img.height()), "detail-image-" + i);
            image.getElement().setAttribute("alt", Tr.t("ui.detail.imageName", i + 1, img.width(), img.height()));
            images.add(image);
        }
        Card card = new Card();
        card.addClassName("sg-card");
        card.setHeaderPrefix(VaadinIcon.CAMERA.create());
        card.setTitle(Tr.t("ui.detail.images", list.size()));
        Paragraph note = new Paragraph(Tr.t("ui.detail.imagesNote"));
        note.addClassName("sg-muted");
        card.add(images, note);
        return card;
    }

    private Card findingsCard(Findings f) {
        Card card = new Card();
        card.setId("detail-findings");
        card.addClassName("sg-card");
        card.setHeaderPrefix(VaadinIcon.CLIPBOARD_TEXT.create());
        card.setTitle(Tr.t("ui.findings.title"));
        if (f == null) {
            card.add(new Paragraph(Tr.t("ui.detail.noFindings")));
            return card;
        }
        Span diagnosis = value("detail-diagnosis", f.diagnosis().isEmpty() ? Tr.t("ui.findings.none") : f.diagnosis());
        diagnosis.getElement().setAttribute("data-condition", f.conditionCode());
        Div facts = new Div(ViewParts.fact(Tr.t("ui.findings.diagnosis"), diagnosis),
                ViewParts.fact(Tr.t("ui.findings.differential"), value("detail-differential",
                        f.differential().isEmpty() ? "\u2014" : String.join(", ", f.differential()))));
        facts.addClassName("sg-facts");
        card.add(facts);
        if (f.urgentReferral()) {
            Paragraph referral = new Paragraph(f.referral());
            referral.addClassName("sg-referral");
            card.add(referral);
        }
        Paragraph disclaimer = new Paragraph(f.disclaimer());
        disclaimer.addClassName("sg-muted");
        card.add(disclaimer);
        return card;
    }

    private Paragraph addAnswer(AnswerKind kind, int index, String question, String text, AnswerStatus status,
            String why, int decodeBatch) {
        int section = nextSection++;
        String title = kind == AnswerKind.STANDARD && index >= 0 && index < SECTION_TITLES.length
                ? Tr.t(SECTION_TITLES[index]) : Tr.t("ui.answer.followUp");
        H4 h = new H4(title);
        Paragraph q = new Paragraph(question);
        q.addClassName("sg-question");
        Paragraph answer = new Paragraph(text);
        answer.setId("detail-answer-" + section);
        answer.addClassName("sg-answer");
        Paragraph decodeBatchLine = DecodeBatchText.line("detail-answer-" + section + "-decode-batch");
        DecodeBatchText.show(decodeBatchLine, decodeBatch);
        decodeBatches.add(decodeBatchLine);
        Div block = new Div(h, q, answer, decodeBatchLine);
        block.addClassName("sg-answer-section");
        if (status != null && status != AnswerStatus.COMPLETE) {
            Span badge = new Span(Tr.t("ui.detail.answerStatus." + status.name().toLowerCase(Locale.ROOT))
                    + (why == null || why.isEmpty() ? "" : ": " + why));
            badge.addClassName("sg-pill");
            badge.addClassName("sg-pill-warn");
            block.add(badge);
        }
        answers.add(block);
        return answer;
    }

    private Card provenanceCard(StoredConsultation c) {
        Set<RecordedProvenance> distinct = new LinkedHashSet<>();
        // The decode batch differs from answer to answer and is shown under each one; here it would only repeat the
        // same models and settings once per batch size.
        c.answers().stream().map(StoredAnswer::provenance).filter(p -> p != null).map(HistoryDetailView::withoutBatch)
                .forEach(distinct::add);
        UnorderedList list = new UnorderedList();
        list.setId("detail-provenance");
        for (RecordedProvenance p : distinct) {
            list.add(new ListItem(Tr.t("ui.provenance.stored", p.imageEncoder(), shortHash(p.imageEncoderSha256()),
                    p.languageModel(), shortHash(p.languageModelSha256()), p.localeBundle(), String.valueOf(p.seed()),
                    p.settings(), p.syntheticModel() ? Tr.t("ui.detail.yes") : Tr.t("ui.detail.no"))));
        }
        if (distinct.isEmpty()) {
            list.add(new ListItem(Tr.t("ui.detail.noProvenance")));
        }
        Card card = new Card();
        card.addClassName("sg-card");
        card.setHeaderPrefix(VaadinIcon.CLIPBOARD_CHECK.create());
        card.setTitle(Tr.t("ui.detail.provenance"));
        card.add(list);
        return card;
    }

    private static RecordedProvenance withoutBatch(RecordedProvenance p) {
        return new RecordedProvenance(p.imageEncoder(), p.imageEncoderSha256(), p.languageModel(),
                p.languageModelSha256(), p.localeBundle(), p.reportBundles(), p.seed(), p.settings(), p.syntheticModel());
    }

    private Div reportsSection(StoredConsultation c) {
        H3 title = new H3(Tr.t("ui.detail.reports"));
        UnorderedList done = new UnorderedList();
        done.setId("detail-reports");
        for (RenderedReport r : c.reports()) {
            done.add(new ListItem(Tr.t("ui.detail.reportLine", r.formatId(), r.rendererVersion(),
                    Dates.shown(r.renderedAt()), dash(r.actor()), shortHash(r.sha256()))));
        }
        if (c.reports().isEmpty()) {
            done.add(new ListItem(Tr.t("ui.detail.noReports")));
        }
        Map<String, String> names = new LinkedHashMap<>();
        backend.reportFormats().forEach(r -> names.put(r.formatId(), r.displayName()));
        List<String> formats = List.copyOf(names.keySet());
        format.setId("detail-report-format");
        format.setLabel(Tr.t("ui.report.format"));
        format.setItems(formats);
        format.setItemLabelGenerator(id -> names.getOrDefault(id, id));
        if (!formats.isEmpty()) {
            format.setValue(formats.contains("patient-pdf") ? "patient-pdf" : formats.get(0));
        }
        Anchor download = new Anchor();
        download.setHref(this::writeReport, AttachmentType.DOWNLOAD);
        download.setId("detail-report-download");
        download.add(VaadinIcon.DOWNLOAD.create(), new Span(Tr.t("ui.report.download")));
        download.addClassName("sg-download");
        download.setEnabled(c.findings() != null && !formats.isEmpty());
        Div row = new Div(format, download);
        row.addClassName("sg-form-row");
        Div section = new Div(title, done, row);
        section.addClassName("sg-section");
        return section;
    }

    private Div followUpSection(StoredConsultation c, AuthenticatedUser user) {
        H3 title = new H3(Tr.t("ui.detail.continue"));
        Div section = new Div(title);
        section.setId("detail-follow-up-section");
        section.addClassName("sg-section");
        boolean mayConsult = backend.settings().mayConsult(user.roles());
        boolean own = user.name().equals(c.header().clinician());
        if (!mayConsult || !(own || Roles.isAdmin(user))) {
            Paragraph no = new Paragraph(Tr.t("ui.detail.mayNotContinue"));
            no.setId("detail-follow-up-refused");
            no.addClassName("sg-muted");
            section.add(no);
            return section;
        }
        Paragraph how = new Paragraph(Tr.t("ui.detail.continueHow"));
        how.addClassName("sg-muted");
        followUp.setId("detail-follow-up");
        followUp.setPlaceholder(Tr.t("ui.followUp.placeholder"));
        followUp.setAriaLabel(Tr.t("ui.followUp.label"));
        followUp.setMaxLength(2000);
        followUp.addClassName("sg-wide");
        ask.setId("detail-ask");
        Div row = new Div(followUp, ask);
        row.addClassName("sg-form-row");
        section.add(how, row);
        return section;
    }

    private void askFollowUp() {
        String id = consultationId;
        String question = followUp.getValue() == null ? "" : followUp.getValue().strip();
        if (id == null || running != null) {
            return;
        }
        if (question.isEmpty()) {
            showMessage("error", Tr.t("ui.followUp.empty"));
            return;
        }
        Optional<ConsultationService> service = backend.consultations();
        if (service.isEmpty()) {
            showMessage("error", Tr.t("ui.consultation.serviceDown"));
            return;
        }
        String actor = CurrentUser.get().map(AuthenticatedUser::name).orElse("");
        hideMessage();
        UI ui = UI.getCurrent();
        Paragraph target = addAnswer(AnswerKind.FOLLOW_UP, -1, question, "", null, null, 0);
        target.getElement().setAttribute("data-streaming", "true");
        int section = nextSection - 1;
        followUp.clear();
        ask.setEnabled(false);
        followUp.setEnabled(false);
        AnswerStream stream = new AnswerStream(ui, section, i -> { }, (i, text) -> target.setText(target.getText() + text),
                outcome -> { });
        LiveRun run = new LiveRun(section, question);
        run.attach(stream, soFar -> { });
        running = run;
        setBusy(true);
        try {
            backend.consultationWorkers().execute(() -> {
                try {
                    // The transcript is read back into a conversation with the pinned model versions.
                    ConsultationRecord reopened = service.get().reopen(id, actor);
                    reopenedHere = true;
                    if (reopened.readOnly()) {
                        update(ui, () -> {
                            target.getParent().ifPresent(p -> p.removeFromParent());
                            showMessage("info", reopened.readOnlyReason());
                        });
                        return;
                    }
                    Answer answer = service.get().ask(id, question, run);
                    stream.flush();
                    update(ui, () -> {
                        target.setText(answer.text());
                        if (answer.provenance() != null && section < decodeBatches.size()) {
                            DecodeBatchText.show(decodeBatches.get(section), answer.provenance().decodeBatch());
                        }
                    });
                } catch (BusyException | NoModelAvailableException | InvalidInputException
                        | RecordUnavailableException | RecordWriteException e) {
                    update(ui, () -> showMessage("error", e.getMessage()));
                } catch (RuntimeException e) {
                    LOG.warn("Follow-up on a stored consultation failed on the console", e);
                    update(ui, () -> showMessage("error", Tr.t("ui.consultation.failed", e.getMessage())));
                } finally {
                    update(ui, () -> {
                        running = null;
                        target.getElement().setAttribute("data-streaming", "false");
                        ask.setEnabled(true);
                        followUp.setEnabled(true);
                        setBusy(false);
                    });
                }
            });
        } catch (RejectedExecutionException e) {
            running = null;
            ask.setEnabled(true);
            followUp.setEnabled(true);
            setBusy(false);
            showMessage("busy", Tr.t("ui.consultation.consoleBusy"));
        }
    }

    private void setBusy(boolean busy) {
        answers.getElement().setAttribute("aria-busy", String.valueOf(busy));
        getElement().setAttribute("data-state", busy ? "answering" : "idle");
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        LiveRun current = running;
        if (current != null) {
            current.cancel();
        }
        closeReopened();
        super.onDetach(detachEvent);
    }

    /** A consultation this page reopened is closed again when the page is left (its memory is freed). */
    private void closeReopened() {
        String id = consultationId;
        boolean close = reopenedHere && wasClosed && id != null;
        reopenedHere = false;
        if (close) {
            backend.consultations().ifPresent(service -> {
                try {
                    backend.consultationWorkers().execute(() -> service.close(id));
                } catch (RejectedExecutionException e) {
                    service.close(id);
                }
            });
        }
    }

    /** Renders the report when the browser asks, through the consultation service (from the record when closed). */
    private void writeReport(DownloadEvent event) throws IOException {
        String id = consultationId;
        String formatId = selectedFormat;
        Optional<ConsultationService> service = backend.consultations();
        Locale locale = event.getUI() == null ? Locale.ENGLISH : event.getUI().getLocale();
        if (id == null || formatId == null || service.isEmpty()) {
            event.getResponse().setStatus(503);
            event.setContentType("text/plain; charset=utf-8");
            event.getWriter().print(UiLanguage.i18n().getTranslation("ui.consultation.serviceDown", locale));
            return;
        }
        Report report;
        String condition;
        try {
            report = service.get().report(id, formatId);
            Findings f = service.get().get(id).findings();
            condition = f == null || f.conditionCode().isEmpty() ? "report" : f.conditionCode();
        } catch (InvalidInputException | RecordUnavailableException | RecordWriteException e) {
            event.getResponse().setStatus(409);
            event.setContentType("text/plain; charset=utf-8");
            event.getWriter().print(e.getMessage());
            return;
        }
        event.setFileName("skingpt-" + condition + "-" + id.substring(0, Math.min(8, id.length())) + "."
                + report.fileExtension());
        event.setContentType(MimeTypes.forReport(report.mediaType()));
        event.setContentLength(report.content().length);
        try (OutputStream out = event.getOutputStream()) {
            out.write(report.content());
        }
        Audit.reportDownloaded(viewer, id, formatId, CurrentUser.remoteAddress());
    }

    private static void update(UI ui, com.vaadin.flow.server.Command command) {
        try {
            ui.access(command);
        } catch (UIDetachedException e) {
            LOG.debug("Page closed before the follow-up ended");
        }
    }

    private static Span value(String id, String text) {
        Span span = new Span(text);
        span.setId(id);
        span.addClassName("sg-fact-value");
        return span;
    }

    private static String dash(String s) {
        return s == null || s.isEmpty() ? "\u2014" : s;
    }

    private static String shortHash(String sha256) {
        return sha256 == null || sha256.length() < 12 ? String.valueOf(sha256) : sha256.substring(0, 12) + "\u2026";
    }

    private void showMessage(String kind, String text) {
        message.setText(text);
        message.getElement().setAttribute("data-kind", kind);
        message.setVisible(true);
    }

    private void hideMessage() {
        message.setText("");
        message.setVisible(false);
    }
}
