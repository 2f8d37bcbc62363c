package org.skingpt.console.internal.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.server.Command;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.card.Card;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.AttachmentType;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.H4;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.icon.VaadinIcon;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.component.upload.Upload;
import com.vaadin.flow.component.upload.UploadI18N;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteParameters;
import java.util.function.Supplier;
import com.vaadin.flow.server.streams.DownloadEvent;
import com.vaadin.flow.server.streams.UploadHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import org.skingpt.api.consultation.Answer;
import org.skingpt.api.consultation.BusyException;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.consultation.ConsultationRequest;
import org.skingpt.console.internal.i18n.UiLanguage;
import org.skingpt.api.consultation.ConsultationService;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.consultation.InvalidInputException;
import org.skingpt.api.record.RecordUnavailableException;
import org.skingpt.api.record.RecordWriteException;
import org.skingpt.api.consultation.NoModelAvailableException;
import org.skingpt.api.consultation.Provenance;
import org.skingpt.api.consultation.Report;
import org.skingpt.api.templates.PromptTemplates;
import org.skingpt.console.internal.ConsoleBackend;
import org.skingpt.console.internal.security.AuthenticatedUser;
import org.skingpt.console.internal.security.CurrentUser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consultation in the browser: the clinician adds photos (JPEG or PNG), picks the language, may
 * add clinical context, and watches the four answers of the paper's flow stream in; then asks
 * follow-up questions and downloads a report in any installed format. The photos go to the
 * consultation service, which checks and sanitises them. The page's address names the consultation
 * ({@code consultation?id=...}): when the browser reloads, even in the middle of an answer, the new page
 * takes the consultation over and streams the rest; one that has ended meanwhile opens read-only in
 * History, from the clinical record. A consultation whose page is left is closed once its answer is
 * written.
 */
@Route(value = "consultation", layout = MainLayout.class)
public class ConsultationView extends Div implements HasDynamicTitle, BeforeEnterObserver {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ConsultationView.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("org.skingpt.audit");

    /** Upload limit in the browser; the intake bundle applies its own (configured) limit again. */
    static final int MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
    static final int MAX_IMAGES = 4;
    static final int MAX_CONTEXT_CHARS = 2000;
    /** Longest patient or encounter reference (the clinical record's limit). */
    static final int MAX_REFERENCE_CHARS = org.skingpt.api.record.ClinicalRecord.MAX_NAME_CHARS;
    private static final String[] SECTION_TITLES = {
        "ui.answer.description", "ui.answer.features", "ui.answer.causes", "ui.answer.treatment"};

    private final transient ConsoleBackend backend;
    private final transient List<UploadedImage> uploads = new ArrayList<>();

    private final Upload upload = new Upload();
    private final Select<String> language = new Select<>();
    private final TextArea clinicalContext = new TextArea(Tr.t("ui.consultation.context"));
    private final TextField patientRef = new TextField(Tr.t("ui.consultation.patientRef"));
    private final TextField encounterRef = new TextField(Tr.t("ui.consultation.encounterRef"));
    private final Div thumbnails = new Div();
    private final Button start = new Button(Tr.t("ui.consultation.start"), VaadinIcon.PLAY.create());
    private final Button cancel = new Button(Tr.t("ui.consultation.cancel"), VaadinIcon.STOP.create());
    private final Button newConsultation = new Button(Tr.t("ui.consultation.new"), VaadinIcon.PLUS.create());
    private final Div message = new Div();
    private final Span state = new Span();

    private final Div answers = new Div();
    private final List<Paragraph> answerTexts = new ArrayList<>();
    /** Under each answer of {@link #answerTexts}, same index: whether it was decoded alone or in a batch. */
    private final List<Paragraph> answerDecodeBatches = new ArrayList<>();
    private final Div results = new Div();
    private final Div syntheticWarning = new Div();
    private final Span diagnosis = new Span();
    private final Span differential = new Span();
    private final Paragraph referral = new Paragraph();
    private final Paragraph disclaimer = new Paragraph();
    private final Paragraph provenance = new Paragraph();
    private final TextField followUp = new TextField();
    private final Button ask = new Button(Tr.t("ui.consultation.ask"), VaadinIcon.COMMENT.create());
    private final Select<String> format = new Select<>();
    private final Anchor download = new Anchor();

    private volatile String consultationId;
    private volatile String selectedFormat;
    /** The answer run this page shows while it is generated, and the stream that brings it here. */
    private transient volatile LiveRun running;
    private transient volatile AnswerStream viewer;
    private transient volatile UI attachedUi;
    /** The consultation this page took over from a page the browser reloaded. */
    private transient LiveConsultations.Held reattached;

    /** An uploaded file as the browser sent it, before the intake has looked at it. */
    private record UploadedImage(String fileName, byte[] bytes) {
    }

    public ConsultationView() {
        this.backend = ConsoleBackend.current();
        addClassName("sg-consultation");

        H2 heading = new H2(Tr.t("ui.consultation.heading"));
        heading.addClassName("sg-view-heading");
        state.setId("consultation-state");
        state.addClassName("sg-muted");
        Div header = new Div(heading, state);
        header.addClassName("sg-view-header");

        message.setId("consultation-message");
        message.addClassName("sg-message");
        message.setVisible(false);
        message.getElement().setAttribute("role", "alert");

        add(header, message, intakeCard(), answersSection(), resultsSection());
        setState("idle", Tr.t("ui.consultation.state.idle"));
    }

    /** Query parameter naming the consultation a page shows. */
    static final String ID_QUERY = "id";

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        List<String> ids = event.getLocation().getQueryParameters().getParameters().getOrDefault(ID_QUERY, List.of());
        if (ids.isEmpty() || consultationId != null) {
            return;
        }
        String id = ids.get(0);
        String user = CurrentUser.get().map(AuthenticatedUser::name).orElse("");
        Optional<LiveConsultations.Held> held = backend.liveConsultations().claim(id, user, this);
        if (held.isPresent()) {
            reattached = held.get();
        } else {
            // Not held here (it ended, was closed, or runs for someone else): History shows what was saved,
            // checks who may see it, and reopens it for follow-ups.
            event.forwardTo(HistoryDetailView.class, new RouteParameters(HistoryDetailView.ID_PARAMETER, id));
        }
    }

    @Override
    public String getPageTitle() {
        return Tr.t("ui.title.consultation");
    }

    private Card intakeCard() {
        upload.setId("image-upload");
        upload.setUploadHandler(UploadHandler.inMemory((metadata, bytes) -> {
            int count;
            synchronized (uploads) {
                uploads.add(new UploadedImage(metadata.fileName(), bytes));
                count = uploads.size();
            }
            // Runs on the upload request's thread: the page is updated through the UI.
            UI ui = attachedUi;
            if (ui != null) {
                update(ui, () -> {
                    hideMessage();
                    showThumbnails();
                    setState("idle", Tr.t("ui.consultation.state.ready", count));
                });
            }
        }));
        upload.setAcceptedFileTypes("image/jpeg", "image/png", ".jpg", ".jpeg", ".png");
        upload.setMaxFiles(MAX_IMAGES);
        upload.setMaxFileSize(MAX_UPLOAD_BYTES);
        upload.setDropLabel(new Span(Tr.t("ui.upload.dropLabel", MAX_IMAGES)));
        UploadI18N i18n = new UploadI18N();
        i18n.setError(new UploadI18N.Error()
                .setFileIsTooBig(Tr.t("ui.upload.tooBig", MAX_UPLOAD_BYTES >> 20))
                .setIncorrectFileType(Tr.t("ui.upload.wrongType"))
                .setTooManyFiles(Tr.t("ui.upload.tooMany", MAX_IMAGES)));
        i18n.setAddFiles(new UploadI18N.AddFiles().setOne(Tr.t("ui.upload.addOne")).setMany(Tr.t("ui.upload.addMany")));
        i18n.setDropFiles(new UploadI18N.DropFiles().setOne(Tr.t("ui.upload.dropOne"))
                .setMany(Tr.t("ui.upload.dropMany")));
        i18n.setFile(new UploadI18N.File().setRetry(Tr.t("ui.upload.retry")).setStart(Tr.t("ui.upload.startFile"))
                .setRemove(Tr.t("ui.upload.remove")));
        i18n.setUploading(new UploadI18N.Uploading()
                .setStatus(new UploadI18N.Uploading.Status().setConnecting(Tr.t("ui.upload.connecting"))
                        .setStalled(Tr.t("ui.upload.stalled")).setProcessing(Tr.t("ui.upload.processing"))
                        .setHeld(Tr.t("ui.upload.held")))
                .setRemainingTime(new UploadI18N.Uploading.RemainingTime().setPrefix(Tr.t("ui.upload.remaining"))
                        .setUnknown(Tr.t("ui.upload.remainingUnknown")))
                .setError(new UploadI18N.Uploading.Error().setServerUnavailable(Tr.t("ui.upload.serverUnavailable"))
                        .setUnexpectedServerError(Tr.t("ui.upload.serverError"))
                        .setForbidden(Tr.t("ui.upload.forbidden"))));
        i18n.setUnits(new UploadI18N.Units(List.of("B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB")));
        upload.setI18n(i18n);
        upload.addFileRejectedListener(e -> showMessage("error", e.getFileName() + ": " + e.getErrorMessage()));
        upload.addFileRemovedListener(e -> {
            synchronized (uploads) {
                uploads.removeIf(u -> u.fileName().equals(e.getFileName()));
            }
            showThumbnails();
        });
        thumbnails.setId("upload-thumbnails");
        thumbnails.addClassName("sg-thumbnails");

        language.setId("consultation-language");
        language.setLabel(Tr.t("ui.consultation.language"));
        language.setItemLabelGenerator(ConsultationView::languageName);

        clinicalContext.setId("clinical-context");
        clinicalContext.setMaxLength(MAX_CONTEXT_CHARS);
        clinicalContext.setPlaceholder(Tr.t("ui.consultation.contextPlaceholder"));
        clinicalContext.addClassName("sg-wide");
        for (TextField ref : new TextField[] {patientRef, encounterRef}) {
            ref.setMaxLength(MAX_REFERENCE_CHARS);
            ref.setClearButtonVisible(true);
        }
        patientRef.setId("patient-ref");
        patientRef.setPlaceholder(Tr.t("ui.consultation.patientRefPlaceholder"));
        patientRef.setHelperText(Tr.t("ui.consultation.referenceHelp"));
        encounterRef.setId("encounter-ref");
        encounterRef.setPlaceholder(Tr.t("ui.consultation.encounterRefPlaceholder"));

        start.setId("start-consultation");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        start.addClickListener(e -> startConsultation());
        cancel.setId("cancel-consultation");
        cancel.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_TERTIARY);
        cancel.addClickListener(e -> cancelRunning());
        cancel.setVisible(false);
        newConsultation.setId("new-consultation");
        newConsultation.addThemeVariants(ButtonVariant.LUMO_TERTIARY);
        newConsultation.addClickListener(e -> reset());
        newConsultation.setVisible(false);

        Div options = new Div(language, clinicalContext);
        options.addClassName("sg-form-row");
        Div references = new Div(patientRef, encounterRef);
        references.addClassName("sg-form-row");
        Div actions = new Div(start, cancel, newConsultation);
        actions.addClassName("sg-actions");

        Card card = new Card();
        card.setId("intake-card");
        card.addClassName("sg-card");
        card.setHeaderPrefix(VaadinIcon.CAMERA.create());
        card.setTitle(Tr.t("ui.consultation.intakeTitle"));
        Paragraph privacy = new Paragraph(Tr.t("ui.consultation.privacy"));
        privacy.addClassName("sg-muted");
        card.add(privacy, upload, thumbnails, options, references, actions);
        return card;
    }

    private Div answersSection() {
        answers.setId("answers");
        answers.addClassName("sg-answers");
        answers.getElement().setAttribute("aria-live", "polite");
        Div section = new Div(answers);
        section.addClassName("sg-section");
        return section;
    }

    private Div resultsSection() {
        syntheticWarning.setId("synthetic-warning");
        syntheticWarning.addClassName("sg-synthetic");
        syntheticWarning.add(VaadinIcon.WARNING.create(), new Span(Tr.t("ui.synthetic.warning")));
        syntheticWarning.setVisible(false);

        diagnosis.setId("finding-diagnosis");
        diagnosis.addClassName("sg-fact-value");
        differential.setId("finding-differential");
        differential.addClassName("sg-fact-value");
        referral.setId("finding-referral");
        referral.addClassName("sg-referral");
        disclaimer.setId("finding-disclaimer");
        disclaimer.addClassName("sg-muted");
        provenance.setId("provenance");
        provenance.addClassName("sg-provenance");

        Div facts = new Div(ViewParts.fact(Tr.t("ui.findings.diagnosis"), diagnosis),
                ViewParts.fact(Tr.t("ui.findings.differential"), differential));
        facts.addClassName("sg-facts");
        Card findings = new Card();
        findings.setId("findings");
        findings.addClassName("sg-card");
        findings.setHeaderPrefix(VaadinIcon.CLIPBOARD_TEXT.create());
        findings.setTitle(Tr.t("ui.findings.title"));
        findings.add(syntheticWarning, facts, referral, disclaimer, provenance);

        followUp.setId("follow-up-question");
        followUp.setPlaceholder(Tr.t("ui.followUp.placeholder"));
        followUp.setAriaLabel(Tr.t("ui.followUp.label"));
        followUp.setMaxLength(2000);
        followUp.addClassName("sg-wide");
        followUp.addKeyPressListener(com.vaadin.flow.component.Key.ENTER, e -> askFollowUp());
        ask.setId("ask-follow-up");
        ask.addClickListener(e -> askFollowUp());
        Div followUpRow = new Div(followUp, ask);
        followUpRow.addClassName("sg-form-row");

        format.setId("report-format");
        format.setLabel(Tr.t("ui.report.format"));
        format.addValueChangeListener(e -> selectedFormat = e.getValue());
        download.setHref(this::writeReport, AttachmentType.DOWNLOAD);
        download.setId("report-download");
        download.add(VaadinIcon.DOWNLOAD.create(), new Span(Tr.t("ui.report.download")));
        download.addClassName("sg-download");
        Div reportRow = new Div(format, download);
        reportRow.addClassName("sg-form-row");

        H3 reportTitle = new H3(Tr.t("ui.followUp.title"));
        results.add(findings, reportTitle, followUpRow, reportRow);
        results.setId("results");
        results.addClassName("sg-section");
        results.setVisible(false);
        return results;
    }

    @Override
    protected void onAttach(AttachEvent attachEvent) {
        super.onAttach(attachEvent);
        attachedUi = attachEvent.getUI();
        List<String> tags = backend.locales().stream().map(t -> t.locale().toLanguageTag()).toList();
        language.setItems(tags.isEmpty() ? List.of("en") : tags);
        language.setValue(tags.contains("en") || tags.isEmpty() ? "en" : tags.get(0));
        // Read once: the label generator runs per item, and each lookup asks the service registry.
        Map<String, String> names = new LinkedHashMap<>();
        backend.reportFormats().forEach(r -> names.put(r.formatId(), r.displayName()));
        List<String> formats = List.copyOf(names.keySet());
        format.setItems(formats);
        format.setItemLabelGenerator(id -> names.getOrDefault(id, id));
        if (!formats.isEmpty()) {
            format.setValue(formats.contains("patient-pdf") ? "patient-pdf" : formats.get(0));
        }
        boolean mayConsult = CurrentUser.get()
                .map(u -> backend.settings().mayConsult(u.roles())).orElse(false);
        if (!mayConsult) {
            start.setEnabled(false);
            upload.setVisible(false);
            showMessage("info", Tr.t("ui.consultation.mayNotConsult"));
        }
        LiveConsultations.Held held = reattached;
        reattached = null;
        if (held != null) {
            reattach(held);
        }
    }

    /** Shows a consultation taken over from a reloaded page: what is written so far, then the rest as it comes. */
    private void reattach(LiveConsultations.Held held) {
        Optional<ConsultationService> service = serviceOrSayWhyNot();
        ConsultationRecord record;
        try {
            record = service.orElseThrow().get(held.id);
        } catch (RuntimeException e) {
            backend.liveConsultations().release(held.id, this);
            showMessage("error", e.getMessage());
            return;
        }
        consultationId = held.id;
        AUDIT.info("console consultation reattached id={} user={}", held.id, held.user);
        start.setEnabled(false);
        upload.setVisible(false);
        newConsultation.setVisible(true);
        patientRef.setValue(record.patientReference());
        encounterRef.setValue(record.encounterReference());
        clinicalContext.setValue(record.clinicalContext());
        language.setValue(record.locale().toLanguageTag());
        thumbnails.removeAll();
        for (int i = 0; i < record.images().size(); i++) {
            org.skingpt.api.consultation.ConsultationImage image = record.images().get(i);
            thumbnails.add(thumbnail(image.png(), Tr.t("ui.detail.imageName", i + 1, image.width(), image.height()),
                    "upload-thumbnail-" + i));
        }
        thumbnails.setVisible(!record.images().isEmpty());

        clearResults();
        LiveRun run = held.run();
        String[] questions = standardQuestions(record.locale());
        List<Answer> kept = record.answers();
        boolean standardRunning = run != null && run.isStandardQuestions();
        int sections = Math.max(kept.size(), standardRunning ? questions.length : 0);
        for (int i = 0; i < sections; i++) {
            Answer a = i < kept.size() ? kept.get(i) : null;
            String title = i < Answer.STANDARD_QUESTIONS ? Tr.t(SECTION_TITLES[i]) : Tr.t("ui.answer.followUp");
            String question = a != null ? a.question() : i < questions.length ? questions[i] : "";
            Paragraph p = addAnswerSection(title, question, "answer-" + i);
            answerTexts.add(p);
            if (a != null) {
                p.setText(a.text());
            }
        }
        if (run == null || run.isFinished()) {
            showRecord(record);
            setState("done", Tr.t("ui.consultation.state.done"));
            boolean open = record.readOnlyReason().isEmpty();
            ask.setEnabled(open);
            followUp.setEnabled(open);
            return;
        }
        UI ui = UI.getCurrent();
        AnswerStream stream = new AnswerStream(ui, run.currentSection(), this::sectionStarted, this::appendAnswer,
                outcome -> runEnded(run, outcome));
        setRunning(run, stream, Tr.t("ui.consultation.state.answering"));
        // Runs here, under this request's session lock: the stream's later pushes queue behind it.
        run.attach(stream, soFar -> {
            for (LiveRun.Section section : soFar) {
                while (answerTexts.size() <= section.index()) {
                    answerTexts.add(addAnswerSection(Tr.t("ui.answer.followUp"), section.question(),
                            "answer-" + answerTexts.size()));
                }
                answerTexts.get(section.index()).setText(section.text());
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent detachEvent) {
        attachedUi = null;
        // Leaving the page (or reloading it) does not stop an answer: it is being written to the clinical
        // record, and a reloaded page takes it over. Once nothing is written, the consultation is closed.
        LiveRun run = running;
        AnswerStream stream = viewer;
        if (run != null && stream != null) {
            run.detach(stream);
        }
        String id = consultationId;
        consultationId = null;
        backend.liveConsultations().release(id, this);
        super.onDetach(detachEvent);
    }

    private void startConsultation() {
        List<byte[]> images;
        synchronized (uploads) {
            images = uploads.stream().map(UploadedImage::bytes).toList();
        }
        if (images.isEmpty()) {
            showMessage("error", Tr.t("ui.consultation.noPhoto"));
            return;
        }
        String patient;
        String encounter;
        try {
            patient = reference(patientRef.getValue());
            encounter = reference(encounterRef.getValue());
        } catch (IllegalArgumentException e) {
            showMessage("error", Tr.t("ui.consultation.badReference", MAX_REFERENCE_CHARS));
            return;
        }
        Optional<ConsultationService> service = serviceOrSayWhyNot();
        if (service.isEmpty()) {
            return;
        }
        Locale locale = Locale.forLanguageTag(Optional.ofNullable(language.getValue()).orElse("en"));
        String context = clinicalContext.getValue();
        String clinician = CurrentUser.get().map(AuthenticatedUser::name).orElse("");
        UI ui = UI.getCurrent();

        clearResults();
        hideMessage();
        String[] questions = standardQuestions(locale);
        for (int i = 0; i < questions.length; i++) {
            answerTexts.add(addAnswerSection(Tr.t(SECTION_TITLES[i]), questions[i], "answer-" + i));
        }
        LiveRun run = new LiveRun(0, null);
        AnswerStream stream = new AnswerStream(ui, 0, this::sectionStarted, this::appendAnswer,
                outcome -> runEnded(run, outcome));
        run.attach(stream, soFar -> { });
        setRunning(run, stream, Tr.t("ui.consultation.state.reading"));
        LiveConsultations live = backend.liveConsultations();
        runInBackground(run, () -> {
            String id = service.get().start(new ConsultationRequest(images, locale, context, clinician, patient,
                    encounter));
            consultationId = id;
            run.consultationId(id);
            live.hold(id, clinician, this);
            live.running(id, run);
            if (attachedUi == null) {
                // The page went away while the photos were read; the run goes on without it.
                live.release(id, this);
            }
            if (run.isCancelled()) {
                // Cancelled while the photos were read: nothing to answer, free it now.
                consultationId = null;
                live.closeNow(id);
                return null;
            }
            AUDIT.info("console consultation started id={} user={} images={} locale={}", id, clinician, images.size(),
                    locale.toLanguageTag());
            update(ui, () -> {
                setState("streaming", Tr.t("ui.consultation.state.answering"));
                // The address names the consultation, so that a reload finds it again.
                ui.getPage().getHistory().replaceState(null, "consultation?" + ID_QUERY + "=" + id);
            });
            return service.get().runStandardQuestions(id, run);
        });
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
        Optional<ConsultationService> service = serviceOrSayWhyNot();
        if (service.isEmpty()) {
            return;
        }
        hideMessage();
        UI ui = UI.getCurrent();
        int index = answerTexts.size();
        answerTexts.add(addAnswerSection(Tr.t("ui.answer.followUp"), question, "answer-" + index));
        followUp.clear();
        LiveRun run = new LiveRun(index, question);
        run.consultationId(id);
        AnswerStream stream = new AnswerStream(ui, index, i -> { }, this::appendAnswer, outcome -> runEnded(run, outcome));
        run.attach(stream, soFar -> { });
        setRunning(run, stream, Tr.t("ui.consultation.state.answeringFollowUp"));
        backend.liveConsultations().running(id, run);
        runInBackground(run, () -> {
            service.get().ask(id, question, run);
            return service.get().get(id);
        });
    }

    /** The consultation service, or empty after telling the clinician that it is not running. */
    private Optional<ConsultationService> serviceOrSayWhyNot() {
        Optional<ConsultationService> service = backend.consultations();
        if (service.isEmpty()) {
            showMessage("error", Tr.t("ui.consultation.serviceDown"));
        }
        return service;
    }

    /**
     * Runs model work off the UI thread. Its outcome goes to whichever page shows the run when it ends
     * (this one, or the one that took it over after a reload) as a message a person can act on.
     */
    private void runInBackground(LiveRun run, Supplier<ConsultationRecord> work) {
        LiveConsultations live = backend.liveConsultations();
        try {
            backend.consultationWorkers().execute(() -> {
                LiveRun.Outcome outcome;
                try {
                    ConsultationRecord record = work.get();
                    outcome = record == null ? LiveRun.Outcome.failedWith("info", "ui.consultation.cancelled")
                            : LiveRun.Outcome.of(record);
                } catch (BusyException | NoModelAvailableException e) {
                    outcome = LiveRun.Outcome.failed(e instanceof BusyException ? "busy" : "error", e.getMessage());
                } catch (InvalidInputException e) {
                    outcome = run.isCancelled() ? LiveRun.Outcome.failedWith("info", "ui.consultation.cancelled")
                            : LiveRun.Outcome.failed("error", e.getMessage());
                } catch (RecordUnavailableException | RecordWriteException e) {
                    // Nothing is shown as answered that the clinical record does not hold.
                    outcome = LiveRun.Outcome.failed("error", e.getMessage());
                } catch (RuntimeException e) {
                    LOG.warn("Consultation failed on the console", e);
                    outcome = LiveRun.Outcome.failedWith("error", "ui.consultation.failed", e.getMessage());
                }
                run.finish(outcome);
                if (run.consultationId() != null) {
                    live.runEnded(run.consultationId(), run);
                }
            });
        } catch (RejectedExecutionException e) {
            showMessage("busy", Tr.t("ui.consultation.consoleBusy"));
            running = null;
            viewer = null;
            finished(run);
        }
    }

    /** In the UI: the run this page shows has ended. */
    private void runEnded(LiveRun run, LiveRun.Outcome outcome) {
        if (outcome.hasMessage()) {
            showMessage(outcome.messageKind(), outcome.text());
        }
        if (outcome.record() != null) {
            showRecord(outcome.record());
        }
        finished(run);
    }

    /** Updates the page from a worker thread; a page that is gone needs no update. */
    private static void update(UI ui, Command command) {
        try {
            ui.access(command);
        } catch (UIDetachedException e) {
            LOG.debug("Page closed before the consultation ended");
        }
    }

    private void cancelRunning() {
        LiveRun current = running;
        if (current == null) {
            return;
        }
        current.cancel();
        // Cancelling ends the consultation: the model is free for others at once.
        String id = consultationId;
        consultationId = null;
        backend.liveConsultations().closeNow(id);
        AUDIT.info("console consultation cancelled id={}", id);
    }

    private void setRunning(LiveRun run, AnswerStream stream, String status) {
        running = run;
        viewer = stream;
        setState("working", status);
        start.setEnabled(false);
        upload.setVisible(false);
        ask.setEnabled(false);
        followUp.setEnabled(false);
        cancel.setVisible(true);
        newConsultation.setVisible(false);
    }

    private void finished(LiveRun run) {
        if (running != run) {
            return;
        }
        running = null;
        viewer = null;
        cancel.setVisible(false);
        newConsultation.setVisible(true);
        boolean open = consultationId != null && !run.isCancelled();
        ask.setEnabled(open);
        followUp.setEnabled(open);
        if (run.isCancelled()) {
            setState("cancelled", Tr.t("ui.consultation.state.cancelled"));
        } else if (!open) {
            setState("failed", Tr.t("ui.consultation.state.failed"));
            start.setEnabled(true);
            upload.setVisible(true);
            newConsultation.setVisible(false);
        } else {
            setState("done", Tr.t("ui.consultation.state.done"));
            followUp.focus();
        }
    }

    private void sectionStarted(int index) {
        for (int i = 0; i < answerTexts.size(); i++) {
            answerTexts.get(i).getElement().setAttribute("data-streaming", String.valueOf(i == index));
        }
    }

    private void appendAnswer(int index, String text) {
        if (index < answerTexts.size()) {
            Paragraph p = answerTexts.get(index);
            p.setText(p.getText() + text);
            p.getElement().setAttribute("data-streaming", "true");
        }
    }

    private Paragraph addAnswerSection(String title, String question, String id) {
        H4 heading = new H4(title);
        Paragraph q = new Paragraph(question);
        q.addClassName("sg-question");
        Paragraph answer = new Paragraph();
        answer.setId(id);
        answer.addClassName("sg-answer");
        Paragraph decodeBatch = DecodeBatchText.line(id + "-decode-batch");
        answerDecodeBatches.add(decodeBatch);
        Div section = new Div(heading, q, answer, decodeBatch);
        section.addClassName("sg-answer-section");
        answers.add(section);
        return answer;
    }

    private void showRecord(ConsultationRecord record) {
        for (Paragraph p : answerTexts) {
            p.getElement().setAttribute("data-streaming", "false");
        }
        // The record holds every answer as the service kept it: what was streamed, completed.
        List<Answer> kept = record.answers();
        for (int i = 0; i < kept.size() && i < answerTexts.size(); i++) {
            answerTexts.get(i).setText(kept.get(i).text());
            Provenance p = kept.get(i).provenance();
            DecodeBatchText.show(answerDecodeBatches.get(i), p == null ? 0 : p.decodeBatch());
        }
        Findings f = record.findings();
        if (f != null) {
            diagnosis.setText(f.diagnosis().isEmpty() ? Tr.t("ui.findings.none") : f.diagnosis());
            diagnosis.getElement().setAttribute("data-condition", f.conditionCode());
            differential.setText(f.differential().isEmpty() ? "\u2014" : String.join(", ", f.differential()));
            referral.setText(f.urgentReferral() ? f.referral() : "");
            referral.setVisible(f.urgentReferral());
            disclaimer.setText(f.disclaimer());
        }
        Provenance p = record.provenance();
        syntheticWarning.setVisible(p != null && p.syntheticModel());
        if (p != null) {
            provenance.setText(Tr.t("ui.provenance.live", p.imageEncoder(), shortHash(p.imageEncoderSha256()),
                    p.languageModel(), shortHash(p.languageModelSha256()), p.templates(),
                    String.valueOf(p.settings().seed()), String.valueOf(p.settings().temperature()),
                    DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(p.answeredAt().atOffset(ZoneOffset.UTC)
                            .withNano(0).toLocalDateTime()) + " UTC"));
        }
        results.setVisible(true);
        download.setEnabled(f != null && selectedFormat != null);
    }

    /**
     * Renders the report when the browser asks for it, from the consultation as it is now (follow-ups
     * included), through the consultation service: with the report bundle version and the wording the
     * consultation pinned.
     */
    private void writeReport(DownloadEvent event) throws IOException {
        String id = consultationId;
        String formatId = selectedFormat;
        Optional<ConsultationService> service = backend.consultations();
        if (id == null || formatId == null || service.isEmpty()) {
            event.getResponse().setStatus(404);
            event.setContentType("text/plain; charset=utf-8");
            event.getWriter().print(UiLanguage.i18n().getTranslation("ui.report.closed", event.getUI().getLocale()));
            return;
        }
        Report report;
        String condition;
        try {
            report = service.get().report(id, formatId);
            Findings f = service.get().get(id).findings();
            condition = f == null || f.conditionCode().isEmpty() ? "report" : f.conditionCode();
        } catch (InvalidInputException e) {
            event.getResponse().setStatus(409);
            event.setContentType("text/plain; charset=utf-8");
            event.getWriter().print(e.getMessage());
            return;
        }
        event.setFileName("skingpt-" + condition + "-" + id.substring(0, Math.min(8, id.length())) + "."
                + report.fileExtension());
        event.setContentType(org.skingpt.console.internal.MimeTypes.forReport(report.mediaType()));
        event.setContentLength(report.content().length);
        try (OutputStream out = event.getOutputStream()) {
            out.write(report.content());
        }
        AUDIT.info("console report downloaded id={} format={} version={} bytes={}", id, formatId,
                report.rendererVersion(), report.content().length);
    }

    private String[] standardQuestions(Locale locale) {
        List<PromptTemplates> all = backend.locales();
        PromptTemplates t = all.stream().filter(x -> x.locale().equals(locale)).findFirst()
                .or(() -> all.stream().filter(x -> x.locale().getLanguage().equals("en")).findFirst())
                .orElse(null);
        String[] questions = new String[SECTION_TITLES.length];
        for (int i = 0; i < questions.length; i++) {
            questions[i] = t != null && t.standardQuestions().size() > i ? t.standardQuestions().get(i) : "";
        }
        return questions;
    }

    private void reset() {
        String id = consultationId;
        consultationId = null;
        backend.liveConsultations().release(id, this);
        UI.getCurrent().getPage().getHistory().replaceState(null, "consultation");
        synchronized (uploads) {
            uploads.clear();
        }
        upload.clearFileList();
        showThumbnails();
        clinicalContext.clear();
        patientRef.clear();
        encounterRef.clear();
        clearResults();
        hideMessage();
        start.setEnabled(true);
        upload.setVisible(true);
        newConsultation.setVisible(false);
        setState("idle", Tr.t("ui.consultation.state.idle"));
    }

    /** Small previews of the photos added so far, in the order they were added. */
    private void showThumbnails() {
        List<UploadedImage> current;
        synchronized (uploads) {
            current = List.copyOf(uploads);
        }
        thumbnails.removeAll();
        for (int i = 0; i < current.size(); i++) {
            thumbnails.add(thumbnail(current.get(i).bytes(), current.get(i).fileName(), "upload-thumbnail-" + i));
        }
        thumbnails.setVisible(!current.isEmpty());
    }

    /** A preview of image bytes served to this page only (never stored, never cached by the browser). */
    static com.vaadin.flow.component.html.Image thumbnail(byte[] bytes, String name, String id) {
        com.vaadin.flow.component.html.Image image = new com.vaadin.flow.component.html.Image(
                (com.vaadin.flow.server.streams.DownloadHandler) event -> {
                    event.setContentType(bytes.length > 3 && (bytes[0] & 0xff) == 0x89 ? "image/png" : "image/jpeg");
                    event.setContentLength(bytes.length);
                    event.getResponse().setHeader("Cache-Control", "no-store");
                    try (OutputStream out = event.getOutputStream()) {
                        out.write(bytes);
                    }
                }, Tr.t("ui.consultation.thumbnailAlt", name));
        image.setId(id);
        image.addClassName("sg-thumbnail");
        return image;
    }

    /** A patient or encounter reference as typed: trimmed, null when blank. */
    static String reference(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.strip();
        if (v.length() > MAX_REFERENCE_CHARS || v.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException("bad reference");
        }
        return v;
    }

    private void clearResults() {
        answers.removeAll();
        answerTexts.clear();
        answerDecodeBatches.clear();
        results.setVisible(false);
        syntheticWarning.setVisible(false);
        diagnosis.setText("");
        differential.setText("");
        referral.setText("");
        disclaimer.setText("");
        provenance.setText("");
    }

    private void setState(String code, String text) {
        state.setText(text);
        state.getElement().setAttribute("data-state", code);
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

    private static String shortHash(String sha256) {
        return sha256 == null || sha256.length() < 12 ? String.valueOf(sha256) : sha256.substring(0, 12) + "\u2026";
    }

    private static String languageName(String tag) {
        Locale l = Locale.forLanguageTag(tag);
        String name = l.getDisplayName(l);
        return (name.isEmpty() ? tag : name) + " (" + tag + ")";
    }
}
