package org.skingpt.console.internal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.skingpt.api.record.HistoryQuery;

class HistoryFilterTest {

    private static final ZoneId ZURICH = ZoneId.of("Europe/Zurich");

    @Test
    void daysAreWholeDaysInTheServersZoneBothIncluded() {
        HistoryFilter f = new HistoryFilter(null, LocalDate.of(2026, 3, 1), LocalDate.of(2026, 3, 31), " psoriasis ",
                "", null, "skingpt-demo-llm@0.1.0");
        assertNull(f.problem());
        HistoryQuery q = f.query(null, ZURICH, 25, 25);
        assertEquals(Instant.parse("2026-02-28T23:00:00Z"), q.from());
        assertEquals(Instant.parse("2026-03-31T22:00:00Z"), q.to());
        assertEquals("psoriasis", q.diagnosis());
        assertNull(q.patientRef());
        assertEquals("skingpt-demo-llm@0.1.0", q.model());
        assertEquals(25, q.offset());
        assertEquals(25, q.limit());
    }

    @Test
    void aClinicianOnlyEverGetsTheirOwnConsultations() {
        HistoryFilter f = new HistoryFilter("someone-else", null, null, null, null, null, null);
        assertEquals("dr-own", f.query("dr-own", ZURICH, 0, 25).clinician());
        assertEquals("someone-else", f.query(null, ZURICH, 0, 25).clinician());
    }

    @Test
    void badInputIsNamedAndTheAuditNamesFiltersNotValues() {
        assertEquals("ui.history.error.dates", new HistoryFilter(null, LocalDate.of(2026, 3, 2),
                LocalDate.of(2026, 3, 1), null, null, null, null).problem());
        assertEquals("ui.history.error.text", new HistoryFilter(null, null, null, "x".repeat(201), null, null, null)
                .problem());
        assertEquals("ui.history.error.text", new HistoryFilter(null, null, null, null, "MRN\n1", null, null)
                .problem());
        HistoryFilter f = new HistoryFilter(null, LocalDate.of(2026, 3, 1), null, null, "MRN-0042", "E-7", null);
        assertEquals("filters=dates,patient,encounter", f.describe());
        assertEquals("filters=none", new HistoryFilter(" ", null, null, "", null, null, null).describe());
    }
}
