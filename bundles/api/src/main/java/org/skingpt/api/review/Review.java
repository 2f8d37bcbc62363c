package org.skingpt.api.review;

import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * One reviewer's review of one study item: their own diagnosis, given before they saw the model's answers, then
 * their answer to each of the seven statements.
 *
 * @param studyId        the study
 * @param consultationId the item (a stored consultation)
 * @param reviewer       user name of the reviewer
 * @param diagnosis      the reviewer's own diagnosis as they named it (free text or a condition's display name)
 * @param conditionCode  the condition code when chosen from the locale bundle's condition list (as
 *                       {@code Findings.conditionCode}), empty for free text
 * @param ratings        an answer for every {@link Statement}
 * @param comment        free text, may be empty
 * @param submittedAt    when it was stored; null in a review not yet submitted
 */
public record Review(
        String studyId,
        String consultationId,
        String reviewer,
        String diagnosis,
        String conditionCode,
        Map<Statement, Agreement> ratings,
        String comment,
        Instant submittedAt) {

    public Review {
        Objects.requireNonNull(studyId, "studyId");
        Objects.requireNonNull(consultationId, "consultationId");
        Objects.requireNonNull(reviewer, "reviewer");
        diagnosis = Objects.requireNonNullElse(diagnosis, "");
        conditionCode = Objects.requireNonNullElse(conditionCode, "");
        ratings = ratings == null || ratings.isEmpty() ? Map.of()
                : Collections.unmodifiableMap(new EnumMap<>(ratings));
        comment = Objects.requireNonNullElse(comment, "");
    }

    /** The answer to one statement, null when missing. */
    public Agreement rating(Statement statement) {
        return ratings.get(statement);
    }

    /** True when every statement is answered. */
    public boolean complete() {
        return ratings.size() == Statement.values().length && !ratings.containsValue(null);
    }
}
