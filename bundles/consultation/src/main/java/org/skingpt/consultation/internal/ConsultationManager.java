package org.skingpt.consultation.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.Designate;
import org.skingpt.api.consultation.Answer;
import org.skingpt.api.consultation.BusyException;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.ConsultationRecord;
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
import org.skingpt.api.intake.ImageIntake;
import org.skingpt.api.intake.SanitizedImage;
import org.skingpt.api.model.ModelServices;
import org.skingpt.api.report.ReportContext;
import org.skingpt.api.report.ReportRenderer;
import org.skingpt.api.templates.PromptTemplates;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The consultation service. At the start a consultation sanitises its images, pins the serving
 * language model (and records the serving image encoder, which it needs only once), picks the
 * locale bundle, and encodes the images. Questions then run on the pinned conversation, whose cache
 * keeps everything already read, so a follow-up costs only its own tokens.
 *
 * <p>Capacity: at most {@code maxConcurrentGenerations} encodes or answers run at once; a caller
 * waits at most {@code queueWaitMillis} for a slot and is then told the assistant is busy, never
 * queued without bound. Cancelling an answer (through its listener) frees the slot within a token.
 */
@Component(service = ConsultationService.class, configurationPid = ConsultationConfig.PID)
@Designate(ocd = ConsultationConfig.class)
public class ConsultationManager implements ConsultationService {

    /** The intake's refusal code when all its decode slots are taken (not a fault of the photo). */
    static final String INTAKE_BUSY = "image.busy";

    private static final Logger LOG = LoggerFactory.getLogger(ConsultationManager.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("org.skingpt.audit");
    static final String LOCALE_PROPERTY = "skingpt.locale";

    private final BundleContext context;
    private final ImageIntake intake;
    private final List<ServiceReference<PromptTemplates>> templateRefs = new CopyOnWriteArrayList<>();
    private final Map<String, Consultation> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService janitor = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "skingpt-consultation-janitor");
        t.setDaemon(true);
        return t;
    });
    private volatile Limits limits = Limits.DEFAULTS;
    private volatile Semaphore slots = new Semaphore(Limits.DEFAULTS.maxConcurrent(), true);

    @Activate
    public ConsultationManager(BundleContext context, @Reference ImageIntake intake, ConsultationConfig config) {
        this.context = context;
        this.intake = intake;
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
        if (l.maxConcurrent() != limits.maxConcurrent() || slots == null) {
            slots = new Semaphore(l.maxConcurrent(), true);
        }
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
        templateRefs.add(ref);
    }

    void removeTemplates(ServiceReference<PromptTemplates> ref) {
        templateRefs.remove(ref); // running consultations keep the templates object they hold
    }

    @Override
    public String start(List<byte[]> images, Locale locale, String clinicalContext, String clinician) {
        Limits l = limits;
        PromptTemplates templates = templatesFor(locale);
        if (images == null || images.isEmpty()) {
            throw new InvalidInputException("consultation.no-image", templates.message("message.noImage"));
        }
        if (images.size() > l.maxImages()) {
            throw new InvalidInputException("consultation.too-many-images",
                    templates.message("message.tooManyImages", l.maxImages()));
        }
        if (open.size() >= l.maxOpen()) {
            throw new BusyException(templates.message("message.busy"));
        }
        List<SanitizedImage> sanitized = new ArrayList<>();
        for (byte[] upload : images) {
            try {
                sanitized.add(intake.sanitize(upload, templates.locale()));
            } catch (InvalidInputException e) {
                // The intake's decode slots are all taken: nothing is wrong with the photo, try again.
                if (INTAKE_BUSY.equals(e.code())) {
                    throw new BusyException(e.getMessage());
                }
                throw e;
            }
        }
        Semaphore s = acquire(templates);
        PinnedModels models = null;
        Selected selected = null;
        try {
            selected = select(templates);
            models = new PinnedModels(context, selected.languageRef, selected.languageModel, selected.encoderRef);
            List<ImageEmbedding> embeddings = new ArrayList<>();
            List<ConsultationImage> kept = new ArrayList<>();
            for (SanitizedImage image : sanitized) {
                embeddings.add(selected.encoder.encode(image.rgb()));
                kept.add(new ConsultationImage(image.sha256(), image.width(), image.height(), image.png()));
            }
            String id = UUID.randomUUID().toString();
            Consultation c = new Consultation(id, templates.locale(), clean(clinicalContext), clean(clinician), kept,
                    embeddings, models, templates, reportFormats());
            open.put(id, c);
            AUDIT.info("consultation started id={} by={} locale={} images={} models={},{} templates={}", id,
                    c.clinician, templates.locale().toLanguageTag(), kept.size(), models.encoder, models.language,
                    templates.version());
            return id;
        } catch (RuntimeException | Error e) {
            if (models != null) {
                models.release();
            } else if (selected != null) {
                context.ungetService(selected.languageRef);
            }
            throw e;
        } finally {
            if (selected != null) {
                context.ungetService(selected.encoderRef); // the images are encoded: the encoder may drain
            }
            s.release();
        }
    }

    private static String clean(String s) {
        return s == null ? "" : s.strip();
    }

    private record Selected(ServiceReference<ImageEncoder> encoderRef, ImageEncoder encoder,
                            ServiceReference<LanguageModel> languageRef, LanguageModel languageModel) {
    }

    /**
     * The serving language model and an active image encoder whose visual tokens fit it. Both
     * services are "got"; the caller releases the encoder after encoding and pins the language model.
     */
    private Selected select(PromptTemplates templates) {
        List<ServiceReference<LanguageModel>> lms = active(LanguageModel.class);
        List<ServiceReference<ImageEncoder>> encoders = active(ImageEncoder.class);
        if (lms.isEmpty() || encoders.isEmpty()) {
            throw new NoModelAvailableException(templates.message("message.noModel"));
        }
        for (ServiceReference<LanguageModel> lr : lms) {
            LanguageModel lm = context.getService(lr);
            if (lm == null) {
                continue;
            }
            for (ServiceReference<ImageEncoder> er : encoders) {
                ImageEncoder enc = context.getService(er);
                if (enc == null) {
                    continue;
                }
                if (enc.outputWidth() == lm.embeddingWidth()) {
                    return new Selected(er, enc, lr, lm);
                }
                context.ungetService(er);
            }
            context.ungetService(lr);
        }
        throw new NoModelAvailableException(templates.message("message.noModel"));
    }

    private <T> List<ServiceReference<T>> active(Class<T> type) {
        try {
            Collection<ServiceReference<T>> refs = context.getServiceReferences(type, "(" + ModelServices.ACTIVE + "=true)");
            List<ServiceReference<T>> sorted = new ArrayList<>(refs);
            sorted.sort(Comparator.reverseOrder()); // highest ranking, then oldest registration, first
            return sorted;
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The locale bundle for a language: exact tag, then same language, then English, then any. */
    PromptTemplates templatesFor(Locale wanted) {
        Locale locale = wanted == null ? Locale.ENGLISH : wanted;
        List<ServiceReference<PromptTemplates>> refs = new ArrayList<>(templateRefs);
        refs.sort(Comparator.reverseOrder());
        ServiceReference<PromptTemplates> best = null;
        int bestScore = -1;
        for (ServiceReference<PromptTemplates> r : refs) {
            Locale l = Locale.forLanguageTag(String.valueOf(r.getProperty(LOCALE_PROPERTY)));
            int score = l.toLanguageTag().equalsIgnoreCase(locale.toLanguageTag()) ? 3
                    : l.getLanguage().equals(locale.getLanguage()) ? 2 : l.getLanguage().equals("en") ? 1 : 0;
            if (score > bestScore) {
                best = r;
                bestScore = score;
            }
        }
        PromptTemplates t = best == null ? null : context.getService(best);
        if (t == null) {
            throw new NoModelAvailableException("No locale bundle is installed; install org.skingpt.locale.en.");
        }
        context.ungetService(best); // templates hold only immutable data; a consultation may keep using them
        return t;
    }

    private Semaphore acquire(PromptTemplates templates) {
        Semaphore s = slots;
        try {
            if (!s.tryAcquire(limits.queueWaitMillis(), TimeUnit.MILLISECONDS)) {
                throw new BusyException(templates.message("message.busy"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BusyException(templates.message("message.busy"));
        }
        return s;
    }

    @Override
    public Answer ask(String consultationId, String question, GenerationListener listener) {
        Consultation c = consultation(consultationId);
        Limits l = limits;
        if (question == null || question.isBlank() || question.length() > l.maxQuestionChars()) {
            throw new InvalidInputException("consultation.question",
                    c.templates.message("message.invalidQuestion", l.maxQuestionChars()));
        }
        if (!c.turn.tryLock()) {
            throw new BusyException(c.templates.message("message.answering"));
        }
        try {
            return answer(c, question.strip(), listener == null ? GenerationListener.ignoring() : listener);
        } finally {
            c.turn.unlock();
        }
    }

    @Override
    public ConsultationRecord runStandardQuestions(String consultationId, GenerationListener listener) {
        Consultation c = consultation(consultationId);
        if (!c.turn.tryLock()) {
            throw new BusyException(c.templates.message("message.answering"));
        }
        try {
            List<String> answers = new ArrayList<>();
            List<String> questions = c.templates.standardQuestions();
            for (int i = 0; i < questions.size(); i++) {
                if (listener instanceof StandardQuestionsListener sections) {
                    sections.onQuestion(i, questions.get(i));
                }
                answers.add(answer(c, questions.get(i), listener == null ? GenerationListener.ignoring() : listener).text());
            }
            Findings f = c.templates.findings(answers);
            c.findings(f);
            AUDIT.info("consultation findings id={} diagnosis={} urgent={}", c.id, f.conditionCode(), f.urgentReferral());
            return c.record();
        } finally {
            c.turn.unlock();
        }
    }

    private Answer answer(Consultation c, String question, GenerationListener listener) {
        if (c.closed()) {
            throw new InvalidInputException("consultation.closed", c.templates.message("message.unknownConsultation"));
        }
        c.touch();
        PromptTemplates t = c.templates;
        ConsultationTurn turn = ConsultationTurn.next(c.conversation, c.models.languageModel(), t, c.embeddings,
                question, limits.settings());
        // When too little context is left, the clinician is told to start a new consultation rather than
        // get a cut answer.
        if (turn.full()) {
            throw new InvalidInputException("consultation.full", t.message("message.consultationFull"));
        }
        GenerationSettings settings = turn.settings();
        Semaphore s = acquire(t);
        GenerationResult result;
        try {
            result = c.conversation.generate(turn.prompt(), settings, listener);
        } finally {
            s.release();
            c.touch();
        }
        Answer a = new Answer(question, result.text().strip(), new Provenance(c.models.encoder, c.models.encoderSha256,
                c.models.language, c.models.languageSha256, t.locale().toLanguageTag() + "@" + t.version(), settings,
                c.models.synthetic, Instant.now()));
        c.add(a);
        return a;
    }

    @Override
    public Report report(String consultationId, String formatId) {
        Consultation c = consultation(consultationId);
        ServiceReference<ReportRenderer> ref = c.reportFormats.get(formatId);
        if (ref == null || ref.getBundle() == null) {
            // Installed after the consultation started, or its pinned version has been withdrawn.
            ref = reportFormats().get(formatId);
        }
        ReportRenderer renderer = ref == null ? null : context.getService(ref);
        if (renderer == null) {
            throw new InvalidInputException("report.unknown-format",
                    c.templates.message("message.unknownFormat", String.valueOf(formatId)));
        }
        try {
            byte[] content = renderer.render(c.record(), new PinnedReportContext(c.templates,
                    context.getBundle().getVersion().toString()));
            AUDIT.info("consultation report id={} format={} version={} bytes={}", c.id, formatId, renderer.version(),
                    content.length);
            return new Report(renderer.formatId(), renderer.version(), renderer.mediaType(), renderer.fileExtension(),
                    content);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("report.not-ready", e.getMessage());
        } finally {
            context.ungetService(ref);
        }
    }

    /** The registered report renderers, the highest ranked per format id. */
    private Map<String, ServiceReference<ReportRenderer>> reportFormats() {
        Map<String, ServiceReference<ReportRenderer>> byFormat = new HashMap<>();
        Collection<ServiceReference<ReportRenderer>> refs;
        try {
            refs = context.getServiceReferences(ReportRenderer.class, null);
        } catch (InvalidSyntaxException | IllegalStateException e) {
            return byFormat;
        }
        for (ServiceReference<ReportRenderer> ref : refs) {
            ReportRenderer r = context.getService(ref);
            if (r == null) {
                continue;
            }
            try {
                byFormat.merge(r.formatId(), ref, (a, b) -> b.compareTo(a) > 0 ? b : a);
            } finally {
                context.ungetService(ref);
            }
        }
        return byFormat;
    }

    /** Report wording from the locale bundle the consultation started with. */
    private record PinnedReportContext(PromptTemplates templates, String platformVersion) implements ReportContext {

        @Override
        public Locale locale() {
            return templates.locale();
        }

        @Override
        public String text(String key, String fallback) {
            return templates.hasMessage(key) ? templates.message(key) : fallback;
        }
    }

    @Override
    public ConsultationRecord get(String consultationId) {
        return consultation(consultationId).record();
    }

    @Override
    public void close(String consultationId) {
        Consultation c = consultationId == null ? null : open.remove(consultationId);
        if (c != null) {
            c.close();
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

    private void closeIdle() {
        long limit = TimeUnit.MINUTES.toNanos(limits.idleMinutes());
        for (Consultation c : open.values()) {
            if (c.idleNanos() > limit && !c.turn.isLocked()) {
                LOG.info("Closing consultation {} after {} idle minutes", c.id, limits.idleMinutes());
                close(c.id);
            }
        }
    }

}
