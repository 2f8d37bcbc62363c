package org.skingpt.api.record;

import java.time.Instant;
import java.util.Objects;
import org.skingpt.api.inference.StopReason;

/**
 * One question and its answer as stored.
 *
 * @param index      position in the consultation, from 0 (the standard questions first 0 to 3)
 * @param kind       standard question or follow-up
 * @param question   the question as asked
 * @param text       the answer; empty while in progress, partial unless {@link AnswerStatus#COMPLETE}
 * @param status     whether the answer is whole
 * @param stopReason why generation ended; null unless complete or cancelled
 * @param provenance what produced it; null unless complete
 * @param message    why it failed or was interrupted, empty otherwise
 * @param startedAt  when generation started
 * @param endedAt    when it ended (completed, failed, cancelled, or was found interrupted); null while
 *                   in progress
 */
public record StoredAnswer(
        int index,
        AnswerKind kind,
        String question,
        String text,
        AnswerStatus status,
        StopReason stopReason,
        RecordedProvenance provenance,
        String message,
        Instant startedAt,
        Instant endedAt) {

    public StoredAnswer {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(startedAt, "startedAt");
        question = Objects.requireNonNullElse(question, "");
        text = Objects.requireNonNullElse(text, "");
        message = Objects.requireNonNullElse(message, "");
    }

    /** True when the text is the whole answer. */
    public boolean complete() {
        return status == AnswerStatus.COMPLETE;
    }
}
