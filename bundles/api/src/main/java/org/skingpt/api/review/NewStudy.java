package org.skingpt.api.review;

import java.util.List;
import java.util.Objects;

/**
 * What an admin asks for when creating a study.
 *
 * @param title           1 to {@value ReviewStudies#MAX_TITLE_CHARS} characters
 * @param consultationIds stored consultations to review, 1 to {@value ReviewStudies#MAX_ITEMS}, in order
 *                        (duplicates are dropped)
 * @param modelVersion    when not empty, every consultation must have been answered by this language model
 *                        {@code name@version}
 */
public record NewStudy(String title, List<String> consultationIds, String modelVersion) {

    public NewStudy {
        title = Objects.requireNonNullElse(title, "");
        consultationIds = List.copyOf(consultationIds == null ? List.of() : consultationIds);
        modelVersion = Objects.requireNonNullElse(modelVersion, "").strip();
    }
}
