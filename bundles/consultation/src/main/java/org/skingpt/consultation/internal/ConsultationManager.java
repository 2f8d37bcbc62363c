package org.skingpt.consultation.internal;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;
import org.skingpt.api.consultation.Answer;
import org.skingpt.api.consultation.BusyException;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.consultation.ConsultationRequest;
import org.skingpt.api.consultation.ConsultationService;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.consultation.InvalidInputException;
import org.skingpt.api.consultation.NoModelAvailableException;
import org.skingpt.api.consultation.Provenance;
import org.skingpt.api.consultation.Report;
import org.skingpt.api.consultation.StandardQuestionsListener;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.inference.GenerationResult;
import org.skingpt.api.inference.GenerationSettings;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.inference.ImageEncoder;
import org.skingpt.api.inference.LanguageModel;
import org.skingpt.api.inference.StopReason;
import org.skingpt.api.intake.ImageIntake;
import org.skingpt.api.intake.ImageIntakeBusyException;
import org.skingpt.api.intake.SanitizedImage;
import org.skingpt.api.record.AnswerKind;
import org.skingpt.api.record.AnswerStatus;
import org.skingpt.api.record.AuditAction;
import org.skingpt.api.record.AuditEntry;
import org.skingpt.api.record.AuditTrail;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.ConsultationHeader;
import org.skingpt.api.record.ConsultationProgress;
import org.skingpt.api.record.ConsultationStatus;
import org.skingpt.api.record.ConsultationSummary;
import org.skingpt.api.record.HistoryQuery;
import org.skingpt.api.record.Page;
import org.skingpt.api.record.RecordUnavailableException;
import org.skingpt.api.record.RecordWriteException;
import org.skingpt.api.record.RecordedProvenance;
import org.skingpt.api.record.RenderedReport;
import org.skingpt.api.record.StoredConsultation;
import org.skingpt.api.report.ReportFormatInfo;
import org.skingpt.api.report.ReportRenderer;
import org.skingpt.api.report.SiteSettings;
import org.skingpt.api.templates.PromptTemplates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consultation service. At the start a consultation sanitises its images, pins the serving
 * language model (and records the serving image encoder, which it needs only once), picks the
 * locale bundle, and encodes the images. Questions then run on the pinned conversation, whose cache
 * keeps everything already read, so a follow-up costs only its own tokens.
 *
 * <p>The record: every consultation, its sanitised images, each answer (begun, then completed or failed,
 * with its provenance) and each rendered report go to the {@link ClinicalRecord} as they happen. An
 * answer counts as given only once the record holds it: when it cannot be stored, the caller is told it
 * was not saved. Without a clinical record no consultation starts. A consultation closed (or left when
 * the server stopped) can be reopened from the record: its transcript is read back into a new
 * conversation with the model versions that answered it.
 *
 * <p>Capacity: at most {@code maxConcurrentGenerations} encodes or answers run at once; a caller
 * waits at most {@code queueWaitMillis} for a slot and is then told the assistant is busy, never
 * queued without bound. Cancelling an answer (through its listener) frees the slot within a token.
 */
@Component(service = ConsultationService.class, configurationPid = ConsultationConfig.PID)
@Designate(ocd = ConsultationConfig.class)
public class ConsultationManager implements ConsultationService {

    private static final Logger LOG = LoggerFactory.getLogger(ConsultationManager.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("org.skingpt.audit");

    private final BundleContext context;
    private final Services services;
    private final ImageIntake intake;
    /** Locale selection: the locale bundles registered now. */
    private final LocaleBundles locales;
    /** Model selection: the models a new consultation uses, the versions a stored one needs. */
    private final ModelSelection modelSelection;
    /** Report format selection. */
    private final ReportFormats reports;
    /** Open consultations and generation slots. */
    private final CapacityGate gate = new CapacityGate(Limits.DEFAULTS);
    private final Map<String, Consultation> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "skingpt-consultation-janitor");
        t.setDaemon(true);
        return t;
    });
    private volatile Limits limits = Limits.DEFAULTS;

    /** The clinical record; consultations are refused while there is none. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile ClinicalRecord record;

    /** The audit trail; the log category {@code org.skingpt.audit} is written in any case. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditTrail auditTrail;

    /** Site settings for reports (PID org.skingpt.site); the defaults while the component is not there. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile Site site;

    @Activate
    public ConsultationManager(BundleContext context, @Reference ImageIntake intake, ConsultationConfig config) {
        this.context = context;
        this.services = Services.of(context);
        this.intake = intake;
        this.locales = new LocaleBundles(services);
        this.modelSelection = new ModelSelection(services);
        this.reports = new ReportFormats(services);
        configure(config);
        janitor.scheduleWithFixedDelay(this::closeIdle, 1, 1, TimeUnit.MINUTES);
    }

    @Modified
    void configure(ConsultationConfig config) {
        List<String> problems = Limits.problems();
        Limits l = Limits.from(config, problems);
        for (String p : problems) {
            LOG.error("Configuration {}: {}", ConsultationConfig.PID, p);
        }
        gate.configure(l);
        limits = l;
    }

    @Deactivate
    void deactivate() {
        janitor.shutdownNow();
        for (Consultation c : open.values()) {
            c.close();
        }
        open.clear();
    }

    @Reference(service = PromptTemplates.class, cardinality = ReferenceCardinality.MULTIPLE,
            policy = ReferencePolicy.DYNAMIC)
    void addTemplates(ServiceReference<PromptTemplates> ref) {
        locales.add(ref);
    }

    void removeTemplates(ServiceReference<PromptTemplates> ref) {
        locales.remove(ref); // running consultations keep the templates object they hold
    }

    @Override
    public String start(ConsultationRequest request) {
        List<byte[]> images = request.images();
        Locale locale = request.locale();
        Limits l = limits;
        PromptTemplates templates = templatesFor(locale);
        String patient = reference(request.patientReference(), "patient", templates);
        String encounter = reference(request.encounterReference(), "encounter", templates);
        ClinicalRecord clinicalRecord = requireRecord();
        if (images == null || images.isEmpty()) {
            throw new InvalidInputException("consultation.no-image", templates.message("message.noImage"));
        }
        if (images.size() > l.maxImages()) {
            throw new InvalidInputException("consultation.too-many-images",
                    templates.message("message.tooManyImages", l.maxImages()));
        }
        gate.admit(open.size(), busy(templates));
        List<SanitizedImage> sanitized = new ArrayList<>();
        for (byte[] upload : images) {
            try {
                sanitized.add(intake.sanitize(upload, templates.locale()));
            } catch (ImageIntakeBusyException e) {
                // The intake's decode slots are all taken: nothing is wrong with the photo, try again.
                throw new BusyException(e.getMessage());
            }
        }
        CapacityGate.Slot s = gate.acquire(busy(templates));
        PinnedModels models = null;
        ModelSelection.Selected selected = null;
        try {
            selected = modelSelection.select(() -> templates.message("message.noModel"));
            models = new PinnedModels(services, selected.languageRef(), selected.languageModel(),
                    selected.encoderRef());
            List<ImageEmbedding> embeddings = new ArrayList<>();
            List<ConsultationImage> kept = new ArrayList<>();
            for (SanitizedImage image : sanitized) {
                embeddings.add(selected.encoder().encode(intake.pixels(image)));
                kept.add(new ConsultationImage(image.sha256(), image.width(), image.height(), image.png()));
            }
            String id = UUID.randomUUID().toString();
            Consultation c = new Consultation(id, templates.locale(), clean(request.clinicalContext()),
                    clean(request.clinician()), patient, encounter, Instant.now(), kept, embeddings, models, templates,
                    reports.current());
            // Stored before anyone can ask a question in it: nothing runs unrecorded.
            clinicalRecord.saveConsultation(new ConsultationHeader(id, c.clinician, c.startedAt, locale,
                    templates.locale(), patient, encounter, c.clinicalContext, models.encoder, models.language), kept);
            open.put(id, c);
            audit(AuditAction.CONSULTATION_STARTED, c.clinician, id, "locale=" + templates.locale().toLanguageTag()
                    + " images=" + kept.size() + " models=" + models.encoder + "," + models.language);
            AUDIT.info("consultation started id={} by={} locale={} images={} models={},{} templates={}", id,
                    c.clinician, templates.locale().toLanguageTag(), kept.size(), models.encoder, models.language,
                    templates.version());
            return id;
        } catch (RuntimeException | Error e) {
            if (models != null) {
                models.release();
            } else if (selected != null) {
                services.unget(selected.languageRef());
            }
            throw e;
        } finally {
            if (selected != null) {
                services.unget(selected.encoderRef()); // the images are encoded: the encoder may drain
            }
            s.close();
        }
    }

    private static String clean(String s) {
        return s == null ? "" : s.strip();
    }

    /** A patient or encounter reference: printable, at most {@link ClinicalRecord#MAX_NAME_CHARS} characters. */
    private static String reference(String value, String what, PromptTemplates t) {
        String v = clean(value);
        if (v.length() > ClinicalRecord.MAX_NAME_CHARS || v.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidInputException("consultation." + what + "-reference",
                    text(t, "message.invalidReference", "The " + what + " reference must be one line of at most "
                            + ClinicalRecord.MAX_NAME_CHARS + " characters."));
        }
        return v;
    }

    /** A locale bundle's message, or the English text when the bundle does not have the key yet. */
    private static String text(PromptTemplates t, String key, String english, Object... arguments) {
        return t != null && t.hasMessage(key) ? t.message(key, arguments) : english;
    }

    private ClinicalRecord requireRecord() {
        ClinicalRecord r = record;
        if (r == null) {
            throw new RecordUnavailableException("The clinical record is not running (bundle org.skingpt.store), so no"
                    + " consultation can be recorded; consultations are refused until it is back. See skingpt:status.");
        }
        return r;
    }

    private void audit(AuditAction action, String actor, String target, String detail) {
        AuditTrail trail = auditTrail;
        if (trail == null) {
            return;
        }
        try {
            trail.append(AuditEntry.of(action, actor == null || actor.isEmpty() ? "unknown" : actor, target, detail, ""));
        } catch (RuntimeException e) {
            LOG.error("Audit entry {} for {} not written: {}", action, target, e.getMessage());
        }
    }

    /** The locale bundle for a language: exact tag, then same language, then English, then any. */
    PromptTemplates templatesFor(Locale wanted) {
        return locales.templatesFor(wanted);
    }

    /** The "busy" message of a consultation's language. */
    private static Supplier<String> busy(PromptTemplates templates) {
        return () -> templates.message("message.busy");
    }

    @Override
    public Answer ask(String consultationId, String question, GenerationListener listener) {
        Consultation c = current(consultationId);
        Limits l = limits;
        if (question == null || question.isBlank() || question.length() > l.maxQuestionChars()) {
            throw new InvalidInputException("consultation.question",
                    c.templates.message("message.invalidQuestion", l.maxQuestionChars()));
        }
        if (!c.turn.tryLock()) {
            throw new BusyException(c.templates.message("message.answering"));
        }
        try {
            return answer(c, question.strip(), AnswerKind.FOLLOW_UP, -1,
                    listener == null ? GenerationListener.ignoring() : listener, true);
        } finally {
            c.turn.unlock();
        }
    }

    @Override
    public ConsultationRecord runStandardQuestions(String consultationId, GenerationListener listener) {
        Consultation c = current(consultationId);
        if (!c.turn.tryLock()) {
            throw new BusyException(c.templates.message("message.answering"));
        }
        // One generation slot for the four answers: a consultation is either refused as busy before its first
        // answer (nothing to retry but the call) or answered whole, never left half-way because another client
        // took the slot between two answers.
        CapacityGate.Slot slot;
        try {
            slot = gate.acquire(busy(c.templates));
        } catch (RuntimeException e) {
            c.turn.unlock();
            throw e;
        }
        try {
            List<String> answers = new ArrayList<>();
            List<String> questions = c.templates.standardQuestions();
            // A run that stopped part-way (an error, a cancelled stream) continues after the answers it gave.
            List<Answer> earlier = c.record().answers();
            int resumeAt = 0;
            if (earlier.size() < questions.size() && c.record().findings() == null) {
                while (resumeAt < earlier.size() && earlier.get(resumeAt).question().equals(questions.get(resumeAt))) {
                    resumeAt++;
                }
                if (resumeAt != earlier.size()) {
                    resumeAt = 0;
                }
            }
            for (int i = 0; i < resumeAt; i++) {
                answers.add(earlier.get(i).text());
            }
            for (int i = resumeAt; i < questions.size(); i++) {
                if (listener instanceof StandardQuestionsListener sections) {
                    sections.onQuestion(i, questions.get(i));
                }
                answers.add(answer(c, questions.get(i), AnswerKind.STANDARD, i,
                        listener == null ? GenerationListener.ignoring() : listener, false).text());
            }
            Findings f = c.templates.findings(answers);
            requireRecord().recordFindings(c.id, f);
            c.findings(f);
            AUDIT.info("consultation findings id={} diagnosis={} urgent={}", c.id, f.conditionCode(), f.urgentReferral());
            return c.record();
        } finally {
            slot.close();
            c.turn.unlock();
        }
    }

    /** @param takeSlot whether to take a generation slot for this answer (false: the caller holds one) */
    private Answer answer(Consultation c, String question, AnswerKind kind, int number, GenerationListener listener,
                          boolean takeSlot) {
        if (c.closed()) {
            throw new InvalidInputException("consultation.closed", c.templates.message("message.unknownConsultation"));
        }
        c.touch();
        PromptTemplates t = c.templates;
        ConsultationTurn turn = ConsultationTurn.next(c.conversation, c.models.languageModel(), t, c.embeddings,
                question, limits.settings(), kind == AnswerKind.STANDARD ? number + 1 : 0,
                limits.consistency() ? c.answerTexts() : null);
        // When too little context is left, the clinician is told to start a new consultation rather than
        // get a cut answer.
        if (turn.full()) {
            throw new InvalidInputException("consultation.full", t.message("message.consultationFull"));
        }
        GenerationSettings settings = turn.settings();
        CapacityGate.Slot s = takeSlot ? gate.acquire(busy(t)) : null;
        ClinicalRecord clinicalRecord;
        int index;
        GenerationResult result;
        try {
            clinicalRecord = requireRecord();
            index = c.takeIndex();
            try {
                clinicalRecord.beginAnswer(c.id, index, kind, question, Instant.now());
            } catch (RecordWriteException e) {
                if (answeredElsewhere(clinicalRecord, c, index)) {
                    // Another server took this answer's place a moment ago: this copy is stale; let it go.
                    evict(c);
                    throw new BusyException(text(t, "message.answeringElsewhere", "Another server is answering in"
                            + " this consultation right now. Wait for that answer, then ask again."));
                }
                throw e;
            }
            try {
                result = c.conversation.generate(turn.prompt(), settings, listener);
            } catch (RuntimeException | Error e) {
                failAnswer(clinicalRecord, c, index, AnswerStatus.ERROR, "", e.toString());
                throw e;
            }
        } finally {
            if (s != null) {
                s.close();
            }
            c.touch();
        }
        Provenance provenance = new Provenance(c.models.encoder, c.models.encoderSha256, c.models.language,
                c.models.languageSha256, t.locale().toLanguageTag() + "@" + t.version(), settings, c.models.synthetic,
                Instant.now(), result.largestBatch());
        Answer a = new Answer(question, result.text().strip(), provenance, kind, number, result.stopReason());
        if (result.stopReason() == StopReason.CANCELLED) {
            failAnswer(clinicalRecord, c, index, AnswerStatus.CANCELLED, result.text(), "cancelled by the user");
        } else {
            try {
                // Committed before the answer is returned: what the caller sees as complete is stored.
                clinicalRecord.completeAnswer(c.id, index, result.text(), result.stopReason(),
                        RecordedProvenance.of(provenance, c.reportVersions()), provenance.answeredAt());
            } catch (RecordUnavailableException | RecordWriteException e) {
                failAnswer(clinicalRecord, c, index, AnswerStatus.ERROR, result.text(), "not saved: " + e.getMessage());
                throw new RecordWriteException(text(t, "message.answerNotSaved", "The answer was not saved in the"
                        + " clinical record, so it is not part of this consultation's record: " + e.getMessage()), e);
            }
        }
        c.add(a);
        return a;
    }

    private static void failAnswer(ClinicalRecord r, Consultation c, int index, AnswerStatus outcome, String partial,
                                   String message) {
        try {
            r.failAnswer(c.id, index, outcome, partial, message, Instant.now());
        } catch (RuntimeException e) {
            LOG.error("Consultation {}: answer {} ({}) not recorded: {}", c.id, index, outcome, e.getMessage());
        }
    }

    @Override
    public Report report(String consultationId, String formatId) {
        Consultation c = consultationId == null ? null : open.get(consultationId);
        ConsultationRecord content;
        PromptTemplates templates;
        ServiceReference<ReportRenderer> ref;
        String actor;
        if (c != null && !c.closed()) {
            content = c.record();
            templates = c.templates;
            actor = c.clinician;
            // Pinned at the start; installed after the start, or withdrawn since: the one registered now.
            ref = reports.resolve(c.reportFormats, formatId);
        } else {
            // A closed consultation renders from the record, with the wording and renderer installed now.
            RecordedConsultation stored = stored(consultationId);
            content = stored.record(closedReason(stored));
            templates = templatesFor(content.locale());
            actor = content.clinician();
            ref = reports.resolve(Map.of(), formatId);
        }
        ReportFormatInfo format = ref == null ? null : ReportFormatInfo.of(ref).orElse(null);
        ReportRenderer renderer = format == null ? null : services.get(ref);
        if (renderer == null) {
            throw new InvalidInputException("report.unknown-format",
                    templates.message("message.unknownFormat", String.valueOf(formatId)));
        }
        try {
            Site s = site;
            byte[] bytes = renderer.render(content, new PinnedReportContext(templates,
                    context.getBundle().getVersion().toString(), UUID.randomUUID().toString(), Instant.now(),
                    s == null ? content.clinician() : s.displayName(content.clinician()),
                    s == null ? SiteSettings.DEFAULTS : s.settings()));
            // Every report handed out is noted in the record (format, renderer version, digest of the bytes).
            requireRecord().recordReport(content.id(), new RenderedReport(format.formatId(), format.version(),
                    sha256(bytes), actor, Instant.now()));
            audit(AuditAction.REPORT_DOWNLOADED, actor, content.id(), "format=" + format.formatId() + " version="
                    + format.version());
            AUDIT.info("consultation report id={} format={} version={} bytes={}", content.id(), formatId,
                    format.version(), bytes.length);
            return new Report(format.formatId(), format.version(), format.mediaType(), format.fileExtension(), bytes);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("report.not-ready", e.getMessage());
        } finally {
            services.unget(ref);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JRE", e);
        }
    }

    @Override
    public ConsultationRecord get(String consultationId) {
        Consultation c = consultationId == null ? null : open.get(consultationId);
        if (c != null && !c.closed() && !newerInRecord(c)) {
            return c.record();
        }
        RecordedConsultation stored = stored(consultationId);
        return stored.record(stored.stored.status() == ConsultationStatus.OPEN ? "" : closedReason(stored));
    }

    /** Whether the record already holds an answer at this index (another server began it). */
    private static boolean answeredElsewhere(ClinicalRecord r, Consultation c, int index) {
        try {
            Optional<ConsultationProgress> p = r.progress(c.id);
            return p.isPresent() && p.get().nextAnswerIndex() > index;
        } catch (RecordUnavailableException e) {
            return false;
        }
    }

    /** Whether another server has answered in this consultation since this one last did. */
    private boolean newerInRecord(Consultation c) {
        ClinicalRecord r = record;
        if (r == null) {
            return false;
        }
        try {
            Optional<ConsultationProgress> p = r.progress(c.id);
            return p.isPresent() && p.get().nextAnswerIndex() > c.nextIndex();
        } catch (RecordUnavailableException e) {
            return false;
        }
    }

    /**
     * The open consultation to answer in, up to date with the clinical record. Several servers may serve one
     * consultation (behind a load balancer): the copy held here (its KV cache) is only a cache. When another
     * server has answered since, or this one does not hold the consultation (another served it, or this one
     * restarted), it is read back from the stored transcript with the pinned model versions. A consultation
     * closed anywhere is closed here too.
     *
     * @throws InvalidInputException {@code consultation.unknown} when not stored, {@code consultation.closed}
     *                               when closed, {@code consultation.model-not-installed} when a model that
     *                               answered it is not installed on this server
     */
    private Consultation current(String id) {
        Consultation c = id == null ? null : open.get(id);
        ClinicalRecord r = record;
        if (r == null) {
            return consultation(id);
        }
        Optional<ConsultationProgress> progress;
        try {
            progress = id == null || id.length() > ClinicalRecord.MAX_ID_CHARS ? Optional.empty() : r.progress(id);
        } catch (RecordUnavailableException e) {
            // Without the record nothing can be answered (answers are recorded first); say so.
            throw e;
        }
        if (progress.isEmpty()) {
            if (c != null) {
                evict(c);
            }
            return consultation(null);
        }
        if (progress.get().status() == ConsultationStatus.CLOSED) {
            if (c != null) {
                evict(c);
            }
            throw new InvalidInputException("consultation.closed", text(c != null ? c.templates
                    : templatesFor(Locale.ENGLISH), "message.consultationClosed",
                    "This consultation is closed; reopen it to ask more questions."));
        }
        if (c != null && !c.closed()) {
            // While this server is answering in it, its own copy is the newest (its index was taken first).
            if (c.turn.isLocked() || c.nextIndex() >= progress.get().nextAnswerIndex()) {
                return c;
            }
            LOG.info("Consultation {} was answered on another server since; reading it back from the record", id);
            evict(c);
        }
        RecordedConsultation stored = stored(id);
        Consultation resumed = continueStored(stored, stored.stored.header().clinician(), false);
        if (resumed == null) {
            PromptTemplates t = templatesFor(stored.stored.header().servedLocale());
            throw new InvalidInputException("consultation.model-not-installed", text(t, "message.modelNotHere",
                    "This consultation was answered by " + missingModel(stored) + ", which is not installed on this"
                            + " server, so it cannot continue here. Install that model version on this server, or"
                            + " continue on a server that has it.", missingModel(stored)));
        }
        return resumed;
    }

    /** Forgets the copy held here without closing the consultation in the record. */
    private void evict(Consultation c) {
        if (open.remove(c.id, c)) {
            c.close();
        }
    }

    @Override
    public Page<ConsultationSummary> history(HistoryQuery query) {
        return requireRecord().find(query);
    }

    @Override
    public ConsultationRecord reopen(String consultationId, String actor) {
        Consultation c = consultationId == null ? null : open.get(consultationId);
        if (c != null && !c.closed() && !newerInRecord(c)) {
            return c.record();
        }
        if (c != null) {
            evict(c);
        }
        RecordedConsultation stored = stored(consultationId);
        String who = clean(actor);
        Consultation reopened = continueStored(stored, who, true);
        if (reopened != null && stored.stored.status() == ConsultationStatus.CLOSED) {
            // Open again in the record too: every server then continues it (closed ones refuse follow-ups).
            try {
                requireRecord().reopenConsultation(reopened.id);
            } catch (RuntimeException e) {
                evict(reopened);
                throw e;
            }
        }
        if (reopened == null) {
            String missing = missingModel(stored);
            audit(AuditAction.CONSULTATION_VIEWED, who, consultationId, "read-only: " + missing + " not installed");
            return stored.record(text(templatesFor(stored.stored.header().servedLocale()), "message.modelGone",
                    "This consultation was answered by " + missing + ", which is not installed on this server: it can"
                            + " be read and reported, not continued.", missing));
        }
        return reopened.record();
    }

    /** The model of a stored consultation that is not installed here, or null when both are. */
    private String missingModel(RecordedConsultation stored) {
        return modelSelection.missing(stored.languageModel(), stored.languageModelSha256(), stored.imageEncoder());
    }

    /**
     * Opens a stored consultation here: its images are encoded again and its transcript read back into a new
     * conversation with the model versions that answered it (the KV cache is a cache).
     *
     * @param reopening true for an explicit reopen (closed consultations too, audited as reopened), false to
     *                  continue an open one that this server does not hold (audited as resumed)
     * @return the open consultation, or null when one of its models is not installed here
     */
    private Consultation continueStored(RecordedConsultation stored, String who, boolean reopening) {
        PromptTemplates templates = templatesFor(stored.stored.header().servedLocale());
        ServiceReference<LanguageModel> lr = modelSelection.installed(LanguageModel.class, stored.languageModel());
        ServiceReference<ImageEncoder> er = modelSelection.installed(ImageEncoder.class, stored.imageEncoder());
        if (missingModel(stored) != null || lr == null || er == null) {
            return null;
        }
        gate.admit(open.size(), busy(templates));
        CapacityGate.Slot s = gate.acquire(busy(templates));
        PinnedModels models = null;
        try {
            LanguageModel lm = services.get(lr);
            ImageEncoder encoder = services.get(er);
            if (lm == null || encoder == null) {
                throw new NoModelAvailableException(templates.message("message.noModel"));
            }
            try {
                models = new PinnedModels(services, lr, lm, er);
                List<ImageEmbedding> embeddings = new ArrayList<>();
                for (ConsultationImage image : stored.stored.images()) {
                    embeddings.add(encoder.encode(intake.pixels(intake.sanitize(image.png(), templates.locale()))));
                }
                var h = stored.stored.header();
                Consultation reopened = new Consultation(h.id(), templates.locale(), h.clinicalContext(), h.clinician(),
                        h.patientRef(), h.encounterRef(), h.startedAt(), stored.stored.images(), embeddings, models,
                        templates, reports.current());
                // The KV cache is a cache: rebuilt from the stored transcript with the models that wrote it.
                reopened.conversation.append(Transcript.replay(templates, embeddings, stored.rawAnswers,
                        stored.stopReasons));
                reopened.restore(stored.answers, stored.stored.findings(), stored.nextIndex);
                Consultation raced = open.putIfAbsent(h.id(), reopened);
                if (raced != null) {
                    reopened.close();
                    return raced;
                }
                audit(reopening ? AuditAction.CONSULTATION_REOPENED : AuditAction.CONSULTATION_RESUMED, who, h.id(),
                        "models=" + models.encoder + "," + models.language);
                AUDIT.info("consultation {} id={} by={} answers={}", reopening ? "reopened" : "resumed", h.id(), who,
                        stored.answers.size());
                return reopened;
            } finally {
                services.unget(er);
            }
        } catch (RuntimeException | Error e) {
            if (models != null) {
                models.release();
            } else {
                services.unget(lr);
            }
            throw e;
        } finally {
            s.close();
        }
    }

    private RecordedConsultation stored(String consultationId) {
        StoredConsultation s = consultationId == null || consultationId.length() > ClinicalRecord.MAX_ID_CHARS ? null
                : requireRecord().load(consultationId).orElse(null);
        if (s == null) {
            PromptTemplates t = templatesFor(Locale.ENGLISH);
            throw new InvalidInputException("consultation.unknown", t.message("message.unknownConsultation"));
        }
        return new RecordedConsultation(s);
    }

    private String closedReason(RecordedConsultation stored) {
        return text(templatesFor(stored.stored.header().servedLocale()), "message.consultationClosed",
                "This consultation is closed; reopen it to ask more questions.");
    }

    @Override
    public void close(String consultationId) {
        Consultation c = consultationId == null ? null : open.remove(consultationId);
        if (c != null) {
            c.close();
            ClinicalRecord r = record;
            if (r != null) {
                try {
                    r.closeConsultation(c.id, Instant.now());
                } catch (RuntimeException e) {
                    LOG.error("Consultation {} closed but not marked closed in the record: {}", c.id, e.getMessage());
                }
            }
            audit(AuditAction.CONSULTATION_CLOSED, c.clinician, c.id, "answers=" + c.answerCount());
            AUDIT.info("consultation closed id={} answers={}", c.id, c.answerCount());
        }
    }

    private Consultation consultation(String id) {
        Consultation c = id == null ? null : open.get(id);
        if (c == null || c.closed()) {
            PromptTemplates t = templatesFor(Locale.ENGLISH);
            throw new InvalidInputException("consultation.unknown", t.message("message.unknownConsultation"));
        }
        return c;
    }

    /** Whether the record shows activity in this consultation within the idle limit (another server served it). */
    private boolean activeElsewhere(Consultation c, long idleLimitNanos) {
        ClinicalRecord r = record;
        if (r == null) {
            return false;
        }
        try {
            Optional<ConsultationProgress> p = r.progress(c.id);
            return p.isPresent() && p.get().lastActivity().isAfter(Instant.now().minusNanos(idleLimitNanos));
        } catch (RecordUnavailableException e) {
            return false;
        }
    }

    private void closeIdle() {
        long limit = TimeUnit.MINUTES.toNanos(limits.idleMinutes());
        for (Consultation c : open.values()) {
            if (c.idleNanos() > limit && !c.turn.isLocked()) {
                if (activeElsewhere(c, limit)) {
                    LOG.info("Consultation {} idle here but answered on another server; freeing this copy", c.id);
                    evict(c);
                } else {
                    LOG.info("Closing consultation {} after {} idle minutes", c.id, limits.idleMinutes());
                    close(c.id);
                }
            }
        }
    }

}
