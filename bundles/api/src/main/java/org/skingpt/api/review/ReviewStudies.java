package org.skingpt.api.review;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Review studies on stored consultations (the clinician evaluation of the SkinGPT-4 paper), kept in the clinical
 * record. Every creation, reviewer change, closing and review is appended to the audit trail in the same
 * transaction, with the acting user; the audit names ids, never the reviewer's diagnosis or comment.
 *
 * <p>Refusals throw {@link ReviewRefusedException} with a {@link ReviewRefusedException.Reason} and a message a
 * person can act on; nothing of a refused call is stored. Every method throws
 * {@code org.skingpt.api.record.RecordUnavailableException} when the database cannot be reached.
 *
 * <p>When a consultation is erased from the record, its study items stay as tombstones ({@link StudyItem#erased()})
 * and the reviews of it are deleted with it: they quote it (the reviewer's diagnosis of the patient's image).
 */
@ProviderType
public interface ReviewStudies {

    /** Longest study title. */
    int MAX_TITLE_CHARS = 200;
    /** Most consultations in one study. */
    int MAX_ITEMS = 500;
    /** Most reviewers of one study. */
    int MAX_REVIEWERS = 100;
    /** Longest reviewer's diagnosis. */
    int MAX_DIAGNOSIS_CHARS = 1000;
    /** Longest comment. */
    int MAX_COMMENT_CHARS = 4000;

    /**
     * Creates an open study of stored consultations, with no reviewers yet.
     *
     * @throws ReviewRefusedException a consultation is not stored ({@code CONSULTATION_NOT_FOUND}), was answered by
     *                                another model version than asked ({@code WRONG_MODEL_VERSION}), or the title
     *                                or list is empty or too long ({@code INVALID})
     */
    Study create(NewStudy study, String actor);

    /**
     * Sets the study's reviewers to exactly these user names. A reviewer removed keeps the reviews already
     * submitted (they count in the results).
     *
     * @throws ReviewRefusedException unknown study, closed study, or a malformed name
     */
    Study assignReviewers(String studyId, Collection<String> reviewers, String actor);

    /**
     * Closes the study: no more reviews. Closing a closed study changes nothing.
     *
     * @throws ReviewRefusedException unknown study
     */
    Study close(String studyId, String actor);

    /** The study, empty when unknown. */
    Optional<Study> get(String studyId);

    /** Every study, newest first. */
    List<Study> list();

    /** The items of open studies this user is assigned to, study by study (newest first), in item order. */
    List<QueueEntry> queue(String reviewer);

    /**
     * Stores a reviewer's review of one item. The reviewer is {@link Review#reviewer()}, who must be assigned; the
     * time is the store's.
     *
     * @param ratings an answer to every statement
     * @return the review as stored
     * @throws ReviewRefusedException unknown or closed study, consultation not in it or erased, reviewer not
     *                                assigned, already reviewed by them, a statement unanswered, or the diagnosis
     *                                missing or too long
     */
    Review submit(String studyId, String consultationId, String reviewer, String diagnosis, String conditionCode,
            Map<Statement, Agreement> ratings, String comment);

    /** Every review of the study, by item then reviewer. */
    List<Review> reviews(String studyId);

    /**
     * The study's results: per model version and statement, the share agreeing with a Wilson 95% interval, the
     * distribution of answers, Krippendorff's alpha (ordinal) between reviewers; the reviewers' agreement with the
     * model's diagnosis; the paper's numbers beside.
     *
     * @throws ReviewRefusedException unknown study
     */
    StudyResults results(String studyId);
}
