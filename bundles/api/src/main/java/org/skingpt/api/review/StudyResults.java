package org.skingpt.api.review;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A study's results as they stand (final once it is closed).
 *
 * @param study        the study
 * @param erasedItems  items whose consultation was erased (their reviews went with it)
 * @param models       one table per language model version, sorted by version
 * @param computedAt   when these were computed
 */
public record StudyResults(Study study, int erasedItems, List<ModelResults> models, Instant computedAt) {

    public StudyResults {
        Objects.requireNonNull(study, "study");
        models = List.copyOf(models == null ? List.of() : models);
    }
}
