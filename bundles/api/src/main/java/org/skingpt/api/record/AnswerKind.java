package org.skingpt.api.record;

/** Why a question was asked. */
public enum AnswerKind {
    /** One of the paper's four standard questions; the answer's index is the question's number (0 to 3). */
    STANDARD,
    /** A question the clinician asked. */
    FOLLOW_UP
}
