package org.skingpt.api.record;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;
import org.skingpt.api.consultation.ConsultationImage;
import org.skingpt.api.consultation.Findings;
import org.skingpt.api.inference.StopReason;

/**
 * The clinical record: consultations, their sanitised images, answers with provenance, findings and the
 * reports rendered, kept in a database (embedded H2 or PostgreSQL).
 *
 * <p>Every write is committed, and so durable, when the method returns. An answer is written twice: when
 * generation starts ({@link #beginAnswer}, status {@link AnswerStatus#IN_PROGRESS}) and when it ends
 * ({@link #completeAnswer} or {@link #failAnswer}); an answer left in progress by a stopped or killed
 * server is marked {@link AnswerStatus#INTERRUPTED} at the next start ({@link #markInterrupted()}), so
 * a half-written answer is never reported as complete.
 *
 * <p>Texts are refused, never cut, when longer than the limits below; the message names the field.
 *
 * <p>Every method throws {@link RecordUnavailableException} when the database cannot be reached or is
 * not ready, and every write {@link RecordWriteException} when it is refused; nothing of a refused write
 * is stored.
 */
@ProviderType
public interface ClinicalRecord {

    /** Longest consultation identifier. */
    int MAX_ID_CHARS = 64;
    /**
     * Longest user name, patient or encounter reference, model {@code name@version}, diagnosis or
     * condition code of the findings, report format id or version.
     */
    int MAX_NAME_CHARS = 200;
    /** Longest clinical context or question. */
    int MAX_QUESTION_CHARS = 20_000;
    /** Longest answer or findings text. */
    int MAX_TEXT_CHARS = 200_000;
    /** Longest failure message, erasure reason or settings text. */
    int MAX_MESSAGE_CHARS = 4_000;
    /** Most images in one consultation. */
    int MAX_IMAGES = 16;
    /** Largest sanitised PNG in bytes. */
    int MAX_IMAGE_BYTES = 64 * 1024 * 1024;

    /**
     * Stores a consultation as it starts, with its sanitised images, status {@link ConsultationStatus#OPEN}.
     *
     * @throws RecordWriteException if the id is already stored, or a field is missing or too long
     */
    void saveConsultation(ConsultationHeader header, List<ConsultationImage> images);

    /**
     * Stores the question of an answer whose generation starts now, status {@link AnswerStatus#IN_PROGRESS}.
     *
     * @param index 0 or more; unique within the consultation (the standard questions are first asked as 0 to 3;
     *              one asked again after its answer failed or was interrupted gets the next free index)
     * @throws RecordWriteException if the consultation is not stored or the index is taken
     */
    void beginAnswer(String consultationId, int index, AnswerKind kind, String question, Instant startedAt);

    /**
     * Stores a whole answer and what produced it: status {@link AnswerStatus#COMPLETE}. Committed when
     * this returns.
     *
     * @throws RecordWriteException if the answer was not begun or is no longer in progress (for example
     *                              it was marked interrupted meanwhile)
     */
    void completeAnswer(String consultationId, int index, String text, StopReason stopReason,
            RecordedProvenance provenance, Instant completedAt);

    /**
     * Ends an answer that did not complete.
     *
     * @param outcome     {@link AnswerStatus#CANCELLED} or {@link AnswerStatus#ERROR}
     * @param partialText what was generated before it ended, may be null
     * @param message     why, may be null
     * @throws RecordWriteException if the answer was not begun or is no longer in progress, or the
     *                              outcome is another status
     */
    void failAnswer(String consultationId, int index, AnswerStatus outcome, String partialText, String message,
            Instant endedAt);

    /**
     * Stores (or replaces) the structured result of the standard questions.
     *
     * @throws RecordWriteException if the consultation is not stored
     */
    void recordFindings(String consultationId, Findings findings);

    /**
     * Notes that a report was rendered (format, renderer version, checksum of the bytes, who, when).
     *
     * @throws RecordWriteException if the consultation is not stored
     */
    void recordReport(String consultationId, RenderedReport report);

    /**
     * Marks a consultation {@link ConsultationStatus#CLOSED}; closing a closed one changes nothing.
     *
     * @throws RecordWriteException if the consultation is not stored
     */
    void closeConsultation(String consultationId, Instant closedAt);

    /**
     * Marks a closed consultation {@link ConsultationStatus#OPEN} again, because it was reopened (on any
     * server); reopening an open one changes nothing.
     *
     * @throws RecordWriteException if the consultation is not stored
     */
    void reopenConsultation(String consultationId);

    /** Consultations matching the query, newest first, one page, with the total number matching. */
    Page<ConsultationSummary> find(HistoryQuery query);

    /** Everything stored of a consultation; empty when it is not (or no longer) stored. */
    Optional<StoredConsultation> load(String consultationId);

    /**
     * A consultation's status, next answer index and last activity, without its images or texts (one
     * cheap query); empty when it is not stored.
     */
    Optional<ConsultationProgress> progress(String consultationId);

    /**
     * Deletes a consultation with its images, answers, findings and report notes (rows deleted, not
     * flagged), and appends an {@link AuditAction#ERASED} entry naming its id, the actor and the reason,
     * in the same transaction.
     *
     * @param reason why, for the audit (no patient content), may be null
     * @return 1 when it was deleted, 0 when it was not stored
     */
    int erase(String consultationId, String actor, String reason);

    /**
     * Deletes every consultation of a patient, as {@link #erase} does each (one audit entry per
     * consultation, naming its id; the patient reference is not written to the audit).
     *
     * @return how many consultations were deleted
     */
    int eraseByPatient(String patientRef, String actor, String reason);

    /** Whether the record can be used now, and if not, why; never throws. */
    RecordStatus status();

    /**
     * Marks every answer that this server left {@link AnswerStatus#IN_PROGRESS} as
     * {@link AnswerStatus#INTERRUPTED}. The store does this itself each time it connects at start-up; it
     * must not be called while this server is generating answers.
     *
     * @return how many answers were marked
     */
    int markInterrupted();
}
