package org.skingpt.api.review;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A review study.
 *
 * @param id           identifier ({@code study-} and 12 hexadecimal digits)
 * @param title        what the admin called it
 * @param modelVersion the language model {@code name@version} every item was answered by, when the study was
 *                     restricted to one; empty when any
 * @param createdBy    the admin who created it
 * @param createdAt    when
 * @param status       open or closed
 * @param closedBy     who closed it, empty while open
 * @param closedAt     when, null while open
 * @param items        the consultations to review, in order
 * @param reviewers    user names of the reviewers assigned now, sorted
 */
public record Study(
        String id,
        String title,
        String modelVersion,
        String createdBy,
        Instant createdAt,
        StudyStatus status,
        String closedBy,
        Instant closedAt,
        List<StudyItem> items,
        List<String> reviewers) {

    public Study {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(status, "status");
        modelVersion = Objects.requireNonNullElse(modelVersion, "");
        createdBy = Objects.requireNonNullElse(createdBy, "");
        closedBy = Objects.requireNonNullElse(closedBy, "");
        items = List.copyOf(items == null ? List.of() : items);
        reviewers = List.copyOf(reviewers == null ? List.of() : reviewers);
    }

    /** True while reviews are accepted. */
    public boolean open() {
        return status == StudyStatus.OPEN;
    }
}
