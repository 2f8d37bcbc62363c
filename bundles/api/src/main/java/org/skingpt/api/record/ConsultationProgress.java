package org.skingpt.api.record;

import java.time.Instant;
import java.util.Objects;

/**
 * How far a stored consultation has come, read without its images or texts: a server that holds the
 * consultation in memory compares it with its own copy to see whether another server has answered since.
 *
 * @param status          open or closed
 * @param nextAnswerIndex the index its next answer gets (one past the highest stored, whatever its status)
 * @param lastActivity    the latest of its start and its answers' starts and ends
 */
public record ConsultationProgress(ConsultationStatus status, int nextAnswerIndex, Instant lastActivity) {

    public ConsultationProgress {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(lastActivity, "lastActivity");
    }
}
