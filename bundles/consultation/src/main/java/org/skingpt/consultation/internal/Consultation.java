package org.skingpt.consultation.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

import org.osgi.framework.ServiceReference;
import org.skingpt.api.consultation.Answer;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.ConsultationRecord;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.inference.Conversation;
import org.skingpt.api.inference.ImageEmbedding;
import org.skingpt.api.report.ReportRenderer;
import org.skingpt.api.templates.PromptTemplates;

/**
 * One open consultation: what it pinned at the start (language model, locale bundle, the encoder's
 * identity) and what it has produced. One question at a time ({@link #turn}).
 */
final class Consultation {

    final String id;
    final Locale locale;
    final String clinicalContext;
    final String clinician;
    final String patientReference;
    final String encounterReference;
    final Instant startedAt;
    final List<ConsultationImage> images;
    final List<ImageEmbedding> embeddings;
    final PinnedModels models;
    final PromptTemplates templates;
    /** Report format id → the renderer registered when the consultation started. */
    final Map<String, ServiceReference<ReportRenderer>> reportFormats;
    final Conversation conversation;
    final ReentrantLock turn = new ReentrantLock();
    private final List<Answer> answers = new ArrayList<>();
    private Findings findings;
    /** Index of the next answer in the clinical record (also counts answers that did not complete). */
    private int nextIndex;
    private volatile long lastUsedNanos = System.nanoTime();
    private volatile boolean closed;

    Consultation(String id, Locale locale, String clinicalContext, String clinician, String patientReference,
                 String encounterReference, Instant startedAt, List<ConsultationImage> images,
                 List<ImageEmbedding> embeddings, PinnedModels models, PromptTemplates templates,
                 Map<String, ServiceReference<ReportRenderer>> reportFormats) {
        this.id = id;
        this.locale = locale;
        this.clinicalContext = clinicalContext;
        this.clinician = clinician;
        this.patientReference = patientReference;
        this.encounterReference = encounterReference;
        this.startedAt = startedAt;
        this.images = List.copyOf(images);
        this.embeddings = List.copyOf(embeddings);
        this.models = models;
        this.templates = templates;
        this.reportFormats = Map.copyOf(reportFormats);
        this.conversation = models.languageModel().openConversation();
    }

    /** Report format id → version of the report bundle pinned at the start, for provenance. */
    Map<String, String> reportVersions() {
        Map<String, String> versions = new java.util.TreeMap<>();
        reportFormats.forEach((format, ref) -> {
            var bundle = ref.getBundle();
            if (bundle != null) {
                versions.put(format, bundle.getVersion().toString());
            }
        });
        return versions;
    }

    synchronized void add(Answer answer) {
        answers.add(answer);
    }

    /** Takes the next answer index. */
    synchronized int takeIndex() {
        return nextIndex++;
    }

    /** Continues a consultation read back from the clinical record: its answers, findings and next index. */
    synchronized void restore(List<Answer> stored, Findings storedFindings, int next) {
        answers.addAll(stored);
        findings = storedFindings;
        nextIndex = next;
    }

    /** The index the next answer gets. */
    synchronized int nextIndex() {
        return nextIndex;
    }

    synchronized int answerCount() {
        return answers.size();
    }

    /** The texts of the answers so far, oldest first: what the next answer must not contradict. */
    synchronized List<String> answerTexts() {
        return answers.stream().map(Answer::text).toList();
    }

    synchronized void findings(Findings f) {
        this.findings = f;
    }

    synchronized ConsultationRecord record() {
        return new ConsultationRecord(id, locale, clinicalContext, clinician, images, answers, findings, startedAt,
                patientReference, encounterReference, "");
    }

    void touch() {
        lastUsedNanos = System.nanoTime();
    }

    long idleNanos() {
        return System.nanoTime() - lastUsedNanos;
    }

    boolean closed() {
        return closed;
    }

    /** Frees the conversation's memory and releases the pinned models (they may drain and unload). */
    void close() {
        if (closed) {
            return;
        }
        closed = true;
        turn.lock();
        try {
            conversation.close();
        } finally {
            turn.unlock();
            models.release();
        }
    }
}
