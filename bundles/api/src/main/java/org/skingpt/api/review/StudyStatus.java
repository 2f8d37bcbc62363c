package org.skingpt.api.review;

/** Whether a study takes reviews. */
public enum StudyStatus {
    /** Reviewers may submit. */
    OPEN,
    /** Closed by an admin: results are final, nothing more is accepted. */
    CLOSED
}
