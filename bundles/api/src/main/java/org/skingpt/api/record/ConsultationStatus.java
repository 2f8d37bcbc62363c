package org.skingpt.api.record;

/** Where a stored consultation stands. */
public enum ConsultationStatus {
    /** Started and not closed: questions may still be asked. */
    OPEN,
    /** Closed by the clinician or the platform; kept for the history. */
    CLOSED
}
