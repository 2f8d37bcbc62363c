package org.skingpt.api.consultation;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What a consultation starts with.
 *
 * @param images             encoded JPEG or PNG uploads, one or more
 * @param locale             language of the answers; falls back to English when no bundle serves it
 * @param clinicalContext    free text from the clinician, may be null
 * @param clinician          user starting it, for the record and the audit, may be null
 * @param patientReference   the patient's identifier in the hospital's systems (an MRN, a FHIR
 *                           {@code Patient/123}), may be null; stored so that a patient's consultations
 *                           can be found and erased together
 * @param encounterReference the encounter (visit) identifier in the hospital's systems, may be null
 */
public record ConsultationRequest(
        List<byte[]> images,
        Locale locale,
        String clinicalContext,
        String clinician,
        String patientReference,
        String encounterReference) {

    public ConsultationRequest {
        images = images == null ? List.of() : List.copyOf(images);
        locale = Objects.requireNonNullElse(locale, Locale.ENGLISH);
    }
}
