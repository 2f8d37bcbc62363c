package org.skingpt.api.record;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One line of the consultation history.
 *
 * @param id             the consultation's identifier
 * @param clinician      user who started it, empty when unknown
 * @param startedAt      when it started
 * @param locale         language it was served in
 * @param patientRef     patient reference, empty when none
 * @param encounterRef   encounter reference, empty when none
 * @param diagnosis      the likely condition as the model named it, empty when none was recorded
 * @param conditionCode  stable identifier of that condition, empty when not recognised
 * @param urgentReferral true when a malignant condition was suspected
 * @param languageModel  {@code name@version} of the language model pinned at the start
 * @param status         open or closed
 * @param imageCount     number of images
 * @param answerCount    number of answers, whatever their status
 */
public record ConsultationSummary(
        String id,
        String clinician,
        Instant startedAt,
        Locale locale,
        String patientRef,
        String encounterRef,
        String diagnosis,
        String conditionCode,
        boolean urgentReferral,
        String languageModel,
        ConsultationStatus status,
        int imageCount,
        int answerCount) {

    public ConsultationSummary {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(status, "status");
        clinician = Objects.requireNonNullElse(clinician, "");
        patientRef = Objects.requireNonNullElse(patientRef, "");
        encounterRef = Objects.requireNonNullElse(encounterRef, "");
        diagnosis = Objects.requireNonNullElse(diagnosis, "");
        conditionCode = Objects.requireNonNullElse(conditionCode, "");
        languageModel = Objects.requireNonNullElse(languageModel, "");
    }
}
