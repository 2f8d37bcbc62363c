package org.skingpt.api.record;

/** Why a question was asked. */
public enum AnswerKind {
    /** One of the paper's four standard questions (first asked as indexes 0 to 3; asked again later after a failure). */
    STANDARD,
    /** A question the clinician asked. */
    FOLLOW_UP
}
