package org.skingpt.api.review;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored consultation put into a study.
 *
 * @param index          position in the study, from 0
 * @param consultationId the consultation in the clinical record
 * @param languageModel  {@code name@version} of the language model that answered it (the model version results are
 *                       grouped by), empty when unknown
 * @param erasedAt       when the consultation was erased from the record (its reviews went with it: they quote
 *                       it); null while it is stored
 */
public record StudyItem(int index, String consultationId, String languageModel, Instant erasedAt) {

    public StudyItem {
        Objects.requireNonNull(consultationId, "consultationId");
        languageModel = Objects.requireNonNullElse(languageModel, "");
    }

    /** True when the consultation was erased and can no longer be reviewed. */
    public boolean erased() {
        return erasedAt != null;
    }
}
