package org.skingpt.shell.internal;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Dates on the command line: {@code 2026-12-04} (local midnight) or an ISO instant. */
final class Dates {

    static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private Dates() {
    }

    /** Start of the day, or the instant; null for null. */
    static Instant from(String value, String option) {
        return parse(value, option, false);
    }

    /** End of the day (exclusive: the next midnight), or the instant; null for null. */
    static Instant to(String value, String option) {
        return parse(value, option, true);
    }

    private static Instant parse(String value, String option, boolean endOfDay) {
        if (value == null) {
            return null;
        }
        try {
            LocalDate day = LocalDate.parse(value);
            return (endOfDay ? day.plusDays(1) : day).atStartOfDay(ZoneId.systemDefault()).toInstant();
        } catch (DateTimeParseException notADay) {
            try {
                return Instant.parse(value);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException(option + ": '" + value + "' is not a date; use for example 2026-12-04"
                        + " or 2026-12-04T08:00:00Z");
            }
        }
    }
}
