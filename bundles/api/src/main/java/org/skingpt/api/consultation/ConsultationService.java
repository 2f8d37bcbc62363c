package org.skingpt.api.consultation;

import java.util.List;
import java.util.Locale;
import org.osgi.annotation.versioning.ProviderType;
import org.skingpt.api.inference.GenerationListener;
import org.skingpt.api.record.ConsultationSummary;
import org.skingpt.api.record.HistoryQuery;
import org.skingpt.api.record.Page;

/**
 * Runs consultations. A consultation pins the models, the locale bundle and the report bundle versions
 * it started with until it is closed, even if newer versions are deployed meanwhile.
 */
@ProviderType
public interface ConsultationService {

    /**
     * Starts a consultation on one or more images (encoded JPEG or PNG bytes): checks and sanitises
     * them, picks the serving models and the locale bundle, and encodes the images.
     *
     * @param locale          language of the answers; falls back to English when no bundle serves it
     * @param clinicalContext free text from the clinician, may be null
     * @param clinician       user starting it, for the record, may be null
     * @return the consultation's identifier
     * @throws NoModelAvailableException if no image encoder or language model is ready
     * @throws InvalidInputException     if an image or argument is refused (format, size, content)
     * @throws BusyException             if the platform is at capacity; try again later
     */
    default String start(List<byte[]> images, Locale locale, String clinicalContext, String clinician) {
        return start(new ConsultationRequest(images, locale, clinicalContext, clinician, null, null));
    }

    /**
     * Starts a consultation as {@link #start(List, Locale, String, String)} does, with the patient and
     * encounter references of the hospital's systems. The consultation and its sanitised images are
     * stored in the clinical record before this returns.
     *
     * @throws NoModelAvailableException  if no image encoder or language model is ready
     * @throws InvalidInputException      if an image or argument is refused (format, size, content)
     * @throws BusyException              if the platform is at capacity; try again later
     * @throws org.skingpt.api.record.RecordUnavailableException if the clinical record cannot be written:
     *                                    no consultation runs unrecorded
     */
    String start(ConsultationRequest request);

    /**
     * Stored consultations matching the query, newest first (read from the clinical record).
     *
     * @throws org.skingpt.api.record.RecordUnavailableException if the clinical record cannot be read
     */
    Page<ConsultationSummary> history(HistoryQuery query);

    /**
     * Opens a stored consultation again, for example after a restart or on another server: its
     * completed questions and answers are read back into a new conversation with the model versions
     * that answered them, so that follow-ups continue where it stopped. When one of those models is no
     * longer installed, the consultation is returned read-only and {@link ConsultationRecord#readOnlyReason()}
     * says why. Reopening an open consultation returns it as it is.
     *
     * @param actor user reopening it, for the audit, may be null
     * @throws InvalidInputException if no such consultation is stored
     * @throws org.skingpt.api.record.RecordUnavailableException if the clinical record cannot be read
     */
    ConsultationRecord reopen(String consultationId, String actor);

    /**
     * Asks the paper's four standard questions in order (description, additional features, causes,
     * treatment), streaming every answer, and returns the consultation with its findings. A
     * {@link StandardQuestionsListener} is also told where each answer starts.
     *
     * @throws BusyException if the platform is at capacity; try again later
     */
    ConsultationRecord runStandardQuestions(String consultationId, GenerationListener listener);

    /**
     * Asks a question in a consultation and streams the answer. The first question of a
     * consultation carries its images; later ones reuse what the model has already read.
     *
     * @throws BusyException         if the platform is at capacity, or this consultation is already
     *                               answering; try again later
     * @throws InvalidInputException if the question is empty or too long, or the consultation is
     *                               unknown or closed
     */
    Answer ask(String consultationId, String question, GenerationListener listener);

    /**
     * Renders the consultation as it is now (follow-ups included) in a report format, with the wording
     * of the locale bundle it started with. A consultation keeps the report bundle versions registered
     * when it started: a format's newer version deployed meanwhile serves new consultations; a format
     * whose pinned version has been withdrawn, or that was installed later, renders with the version
     * registered now.
     *
     * @param formatId a registered format, for example {@code patient-pdf} or {@code fhir-r4}
     * A closed consultation renders from the clinical record.
     *
     * @throws InvalidInputException if the consultation is neither open nor stored, no such format is
     *                               installed, or the format cannot render it yet (before the
     *                               standard questions were answered, for example)
     */
    Report report(String consultationId, String formatId);

    /**
     * The consultation so far: an open one as it is now, a closed one as the clinical record holds it
     * (read-only until {@link #reopen reopened}).
     *
     * @throws InvalidInputException if the consultation is neither open nor stored
     */
    ConsultationRecord get(String consultationId);

    /** Ends a consultation and frees what it holds; unknown identifiers are ignored. */
    void close(String consultationId);
}
