package org.skingpt.api.record;

import java.time.Instant;

/**
 * Which consultations to list, newest first. Every filter is optional (null or empty: no filter); the
 * filters combine with AND. Start from {@link #latest(int)} and narrow with the {@code with...} methods.
 *
 * @param clinician    exactly this user
 * @param from         started at or after this instant
 * @param to           started before this instant
 * @param diagnosis    the recorded diagnosis contains this text (ignoring case), or the condition code
 *                     recognised for it is exactly this
 * @param patientRef   exactly this patient reference
 * @param encounterRef exactly this encounter reference
 * @param model        the image encoder or language model pinned at the start is exactly this
 *                     {@code name@version}, or, without {@code @}, has this name (any version)
 * @param offset       rows to skip, 0 or more
 * @param limit        page size, 1 to {@value #MAX_LIMIT}
 */
public record HistoryQuery(
        String clinician,
        Instant from,
        Instant to,
        String diagnosis,
        String patientRef,
        String encounterRef,
        String model,
        int offset,
        int limit) {

    /** Largest page. */
    public static final int MAX_LIMIT = 500;

    public HistoryQuery {
        if (offset < 0) {
            throw new IllegalArgumentException("offset must be 0 or more, got " + offset);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", got " + limit);
        }
        if (from != null && to != null && to.isBefore(from)) {
            throw new IllegalArgumentException("'to' (" + to + ") is before 'from' (" + from + ")");
        }
        clinician = blankToNull(clinician);
        diagnosis = blankToNull(diagnosis);
        patientRef = blankToNull(patientRef);
        encounterRef = blankToNull(encounterRef);
        model = blankToNull(model);
    }

    /** The newest {@code limit} consultations, unfiltered. */
    public static HistoryQuery latest(int limit) {
        return new HistoryQuery(null, null, null, null, null, null, null, 0, limit);
    }

    public HistoryQuery withClinician(String clinician) {
        return new HistoryQuery(clinician, from, to, diagnosis, patientRef, encounterRef, model, offset, limit);
    }

    /** Started in {@code [from, to)}; either may be null. */
    public HistoryQuery between(Instant from, Instant to) {
        return new HistoryQuery(clinician, from, to, diagnosis, patientRef, encounterRef, model, offset, limit);
    }

    public HistoryQuery withDiagnosis(String diagnosis) {
        return new HistoryQuery(clinician, from, to, diagnosis, patientRef, encounterRef, model, offset, limit);
    }

    public HistoryQuery withPatient(String patientRef) {
        return new HistoryQuery(clinician, from, to, diagnosis, patientRef, encounterRef, model, offset, limit);
    }

    public HistoryQuery withEncounter(String encounterRef) {
        return new HistoryQuery(clinician, from, to, diagnosis, patientRef, encounterRef, model, offset, limit);
    }

    public HistoryQuery withModel(String model) {
        return new HistoryQuery(clinician, from, to, diagnosis, patientRef, encounterRef, model, offset, limit);
    }

    public HistoryQuery page(int offset, int limit) {
        return new HistoryQuery(clinician, from, to, diagnosis, patientRef, encounterRef, model, offset, limit);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
