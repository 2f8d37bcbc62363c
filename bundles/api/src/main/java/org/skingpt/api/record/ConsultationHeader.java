package org.skingpt.api.record;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What is known of a consultation when it starts.
 *
 * @param id              the consultation's identifier (as {@code ConsultationService.start} returned it):
 *                        1 to {@value ClinicalRecord#MAX_ID_CHARS} characters of {@code A-Z a-z 0-9 . _ : -}
 * @param clinician       user who started it, empty when unknown
 * @param startedAt       when it started
 * @param requestedLocale the language asked for
 * @param servedLocale    the language of the locale bundle that serves it (English when none served the
 *                        requested one)
 * @param patientRef      the patient's reference in the hospital's systems (for example an MRN), empty
 *                        when none was given; used to find and to erase a patient's consultations
 * @param encounterRef    the encounter or visit reference, empty when none
 * @param clinicalContext free text the clinician gave, empty when none
 * @param imageEncoder    {@code name@version} of the image encoder pinned at the start, empty when unknown
 * @param languageModel   {@code name@version} of the language model pinned at the start, empty when unknown
 */
public record ConsultationHeader(
        String id,
        String clinician,
        Instant startedAt,
        Locale requestedLocale,
        Locale servedLocale,
        String patientRef,
        String encounterRef,
        String clinicalContext,
        String imageEncoder,
        String languageModel) {

    public ConsultationHeader {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(requestedLocale, "requestedLocale");
        servedLocale = Objects.requireNonNullElse(servedLocale, requestedLocale);
        clinician = Objects.requireNonNullElse(clinician, "");
        patientRef = Objects.requireNonNullElse(patientRef, "");
        encounterRef = Objects.requireNonNullElse(encounterRef, "");
        clinicalContext = Objects.requireNonNullElse(clinicalContext, "");
        imageEncoder = Objects.requireNonNullElse(imageEncoder, "");
        languageModel = Objects.requireNonNullElse(languageModel, "");
    }
}
