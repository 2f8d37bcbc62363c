package org.skingpt.api.review;

import java.util.Objects;

/**
 * A study change or a review was refused, and nothing of it was stored. {@link #reason()} says which rule, the
 * message says it in words a person can act on.
 */
public class ReviewRefusedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Why. */
    public enum Reason {
        /** No study with this id. */
        STUDY_NOT_FOUND,
        /** The study is closed: it takes no reviews and no new reviewers. */
        STUDY_CLOSED,
        /** The consultation is not an item of the study. */
        NOT_IN_STUDY,
        /** The consultation was erased from the record: it can no longer be reviewed or put into a study. */
        CONSULTATION_ERASED,
        /** The consultation is not stored (never was, or was erased before it was put into a study). */
        CONSULTATION_NOT_FOUND,
        /** The consultation was answered by another model version than the study is restricted to. */
        WRONG_MODEL_VERSION,
        /** The user is not assigned to the study as a reviewer. */
        NOT_ASSIGNED,
        /** This reviewer has already reviewed this item; a review is never replaced. */
        ALREADY_REVIEWED,
        /** A field is missing, too long or malformed (the message names it). */
        INVALID
    }

    private final Reason reason;

    public ReviewRefusedException(Reason reason, String message) {
        super(message);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
