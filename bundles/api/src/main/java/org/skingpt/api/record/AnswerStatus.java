package org.skingpt.api.record;

/**
 * Where a stored answer stands. Only {@link #COMPLETE} answers are whole; every other status says the
 * text is missing or partial.
 */
public enum AnswerStatus {
    /** Generation started and has not ended (or the node died: see {@link ClinicalRecord#markInterrupted()}). */
    IN_PROGRESS,
    /** Generation ended normally; text and provenance are stored. */
    COMPLETE,
    /** The clinician stopped it; the text, if any, is partial. */
    CANCELLED,
    /** Generation failed; the message says why; the text, if any, is partial. */
    ERROR,
    /** The server stopped (or was killed) while it was generating; found at the next start. */
    INTERRUPTED
}
