package org.skingpt.console.internal.ui;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.HistoryQuery;

/**
 * What a user typed into the history's filters, checked, and turned into a {@link HistoryQuery}. Dates are
 * whole days in the server's time zone, both ends included.
 *
 * @param clinician    null or a user name (only admins and reviewers may name another user)
 * @param from         first day, or null
 * @param to           last day (included), or null
 * @param diagnosis    text in the diagnosis, or a condition code
 * @param patientRef   exact patient reference
 * @param encounterRef exact encounter reference
 * @param model        {@code name@version}, or a model name (any version)
 */
record HistoryFilter(String clinician, LocalDate from, LocalDate to, String diagnosis, String patientRef,
        String encounterRef, String model) {

    /** Longest text in a filter field (the clinical record's limit for names and references). */
    static final int MAX_CHARS = ClinicalRecord.MAX_NAME_CHARS;

    HistoryFilter {
        clinician = clean(clinician);
        diagnosis = clean(diagnosis);
        patientRef = clean(patientRef);
        encounterRef = clean(encounterRef);
        model = clean(model);
    }

    /**
     * Why this filter cannot be used, as a key of the console's texts, or null when it can.
     */
    String problem() {
        if (from != null && to != null && to.isBefore(from)) {
            return "ui.history.error.dates";
        }
        for (String s : new String[] {clinician, diagnosis, patientRef, encounterRef, model}) {
            if (s != null && (s.length() > MAX_CHARS || s.chars().anyMatch(Character::isISOControl))) {
                return "ui.history.error.text";
            }
        }
        return null;
    }

    /**
     * The query for one page.
     *
     * @param onlyClinician the user whose consultations alone may be listed, or null for everyone's
     */
    HistoryQuery query(String onlyClinician, ZoneId zone, int offset, int limit) {
        Instant start = from == null ? null : from.atStartOfDay(zone).toInstant();
        Instant end = to == null ? null : to.plusDays(1).atStartOfDay(zone).toInstant();
        return new HistoryQuery(onlyClinician != null ? onlyClinician : clinician, start, end, diagnosis, patientRef,
                encounterRef, model, offset, limit);
    }

    /** Which filters are set, by name only (for the audit: no patient reference in it). */
    String describe() {
        List<String> used = new ArrayList<>();
        if (clinician != null) {
            used.add("clinician");
        }
        if (from != null || to != null) {
            used.add("dates");
        }
        if (diagnosis != null) {
            used.add("diagnosis");
        }
        if (patientRef != null) {
            used.add("patient");
        }
        if (encounterRef != null) {
            used.add("encounter");
        }
        if (model != null) {
            used.add("model");
        }
        return used.isEmpty() ? "filters=none" : "filters=" + String.join(",", used);
    }

    private static String clean(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
