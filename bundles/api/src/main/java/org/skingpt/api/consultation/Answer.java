package org.skingpt.api.consultation;

import java.util.Objects;
import org.skingpt.api.inference.StopReason;
import org.skingpt.api.record.AnswerKind;

/**
 * One question and its answer within a consultation.
 *
 * <p>An answer says what it answers ({@link #kind()}: one of the standard questions, and which, or a
 * follow-up the clinician asked) and how it ended ({@link #stopReason()}: complete, cut at the length
 * limit, or cancelled). Renderers use these rather than counting positions in
 * {@link ConsultationRecord#answers()}.
 *
 * @param question       the question as asked
 * @param text           the model's answer (partial when cut at the length limit or cancelled)
 * @param provenance     what produced it
 * @param kind           standard question or follow-up; never null in a {@link ConsultationRecord} (answers made
 *                       with the three-argument constructor are classified there by position)
 * @param questionNumber for a standard question its number, from 0 (0 to {@value #STANDARD_QUESTIONS} - 1, in the
 *                       order of the locale bundle's standard questions); -1 for a follow-up (or unknown)
 * @param stopReason     why generation ended ({@link StopReason#MAX_TOKENS}: cut at the length limit,
 *                       {@link StopReason#CANCELLED}: stopped by the clinician, otherwise complete); null when not
 *                       known (an answer made with the three-argument constructor)
 * @since 0.5 (package {@code org.skingpt.api.consultation}): {@code kind}, {@code questionNumber},
 *        {@code stopReason}
 */
public record Answer(String question, String text, Provenance provenance, AnswerKind kind, int questionNumber,
                     StopReason stopReason) {

    /** Number of standard questions (the paper's four) that open every consultation. */
    public static final int STANDARD_QUESTIONS = 4;

    /**
     * An answer whose kind and stop reason are not known (as before version 0.5 of this package). In a
     * {@link ConsultationRecord} such answers are classified by position: the first
     * {@value #STANDARD_QUESTIONS} are the standard questions, the rest follow-ups.
     */
    public Answer(String question, String text, Provenance provenance) {
        this(question, text, provenance, null, -1, null);
    }

    public Answer {
        question = Objects.requireNonNullElse(question, "");
        text = Objects.requireNonNullElse(text, "");
        if (kind == AnswerKind.STANDARD && questionNumber < 0) {
            throw new IllegalArgumentException("A standard question needs its number (from 0), not " + questionNumber);
        }
        if (kind != AnswerKind.STANDARD) {
            questionNumber = -1;
        }
    }

    /** The answer to standard question {@code number} (from 0). */
    public static Answer standardQuestion(int number, String question, String text, Provenance provenance,
                                          StopReason stopReason) {
        return new Answer(question, text, provenance, AnswerKind.STANDARD, number, stopReason);
    }

    /** The answer to a follow-up question the clinician asked. */
    public static Answer followUpQuestion(String question, String text, Provenance provenance, StopReason stopReason) {
        return new Answer(question, text, provenance, AnswerKind.FOLLOW_UP, -1, stopReason);
    }

    /** This answer with the given kind and question number (stop reason and texts kept). */
    public Answer withKind(AnswerKind newKind, int newQuestionNumber) {
        return new Answer(question, text, provenance, newKind, newQuestionNumber, stopReason);
    }

    /** Whether this answers one of the standard questions. */
    public boolean standard() {
        return kind == AnswerKind.STANDARD;
    }

    /** Whether this answers a follow-up question the clinician asked. */
    public boolean followUp() {
        return kind == AnswerKind.FOLLOW_UP;
    }

    /** Whether the answer was cut at the length limit ({@link StopReason#MAX_TOKENS}): the text is partial. */
    public boolean truncated() {
        return stopReason == StopReason.MAX_TOKENS;
    }

    /** Whether the clinician cancelled the answer: the text is partial. */
    public boolean cancelled() {
        return stopReason == StopReason.CANCELLED;
    }

    /** Whether the model finished the answer (neither cut at the length limit nor cancelled, or not known). */
    public boolean complete() {
        return !truncated() && !cancelled();
    }
}
