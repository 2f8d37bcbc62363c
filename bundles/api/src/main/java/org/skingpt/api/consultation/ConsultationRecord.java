package org.skingpt.api.consultation;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A consultation as reports see it: its identity, language, clinical context and answers so far.
 *
 * @param id              opaque identifier
 * @param locale          language of the consultation
 * @param clinicalContext free text given by the clinician, may be empty
 * @param imageCount      number of images analysed
 * @param answers         questions and answers in order
 * @param startedAt       when it started
 */
public record ConsultationRecord(
        String id,
        Locale locale,
        String clinicalContext,
        int imageCount,
        List<Answer> answers,
        Instant startedAt) {

    public ConsultationRecord {
        answers = List.copyOf(answers);
        clinicalContext = clinicalContext == null ? "" : clinicalContext;
    }
}
