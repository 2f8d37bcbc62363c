package org.skingpt.api.consultation;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A consultation as reports see it.
 *
 * @param id              opaque identifier
 * @param locale          language of the consultation
 * @param clinicalContext free text given by the clinician, may be empty
 * @param clinician       user who ran it, may be empty
 * @param images          the sanitised images analysed
 * @param answers         every question and answer in order (the standard four first, then follow-ups)
 * @param findings        the structured result of the standard questions, or null before they ran
 * @param startedAt       when it started
 * @param patientReference   the patient's identifier in the hospital's systems, given at the start; may be empty
 * @param encounterReference the encounter (visit) identifier in the hospital's systems; may be empty
 * @param readOnlyReason  empty while the consultation can take questions; otherwise why it cannot (it was
 *                        read back from the clinical record and the model that answered it is not installed,
 *                        for example)
 */
public record ConsultationRecord(
        String id,
        Locale locale,
        String clinicalContext,
        String clinician,
        List<ConsultationImage> images,
        List<Answer> answers,
        Findings findings,
        Instant startedAt,
        String patientReference,
        String encounterReference,
        String readOnlyReason) {

    /** A consultation without patient or encounter reference that can take questions. */
    public ConsultationRecord(String id, Locale locale, String clinicalContext, String clinician,
                              List<ConsultationImage> images, List<Answer> answers, Findings findings, Instant startedAt) {
        this(id, locale, clinicalContext, clinician, images, answers, findings, startedAt, "", "", "");
    }

    public ConsultationRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(locale, "locale");
        Objects.requireNonNull(startedAt, "startedAt");
        clinicalContext = Objects.requireNonNullElse(clinicalContext, "");
        clinician = Objects.requireNonNullElse(clinician, "");
        images = List.copyOf(images == null ? List.of() : images);
        answers = List.copyOf(answers == null ? List.of() : answers);
        patientReference = Objects.requireNonNullElse(patientReference, "");
        encounterReference = Objects.requireNonNullElse(encounterReference, "");
        readOnlyReason = Objects.requireNonNullElse(readOnlyReason, "");
    }

    /** Whether questions can still be asked in this consultation. */
    public boolean readOnly() {
        return !readOnlyReason.isEmpty();
    }

    /** Number of images analysed. */
    public int imageCount() {
        return images.size();
    }

    /** Provenance of the latest answer (the models and bundles that produced it), or null if none yet. */
    public Provenance provenance() {
        return answers.isEmpty() ? null : answers.get(answers.size() - 1).provenance();
    }
}
