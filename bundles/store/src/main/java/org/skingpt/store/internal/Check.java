package org.skingpt.store.internal;

import java.util.Locale;
import java.util.regex.Pattern;
import org.skingpt.api.record.ClinicalRecord;
import org.skingpt.api.record.RecordWriteException;

/** Checks on what callers hand in; a refusal says which field and why, before anything is written. */
final class Check {

    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._:-]{1," + ClinicalRecord.MAX_ID_CHARS + "}");
    private static final Pattern HEX64 = Pattern.compile("[0-9a-f]{64}");

    private Check() {
    }

    static String id(String field, String value) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new RecordWriteException(field + " must be 1 to " + ClinicalRecord.MAX_ID_CHARS
                    + " characters of A-Z a-z 0-9 . _ : - (got " + describe(value) + "); nothing was stored");
        }
        return value;
    }

    /** A text that may be empty; null becomes empty. */
    static String text(String field, String value, int max) {
        String v = value == null ? "" : value;
        if (v.length() > max) {
            throw new RecordWriteException(String.format(Locale.ROOT,
                    "%s is %,d characters long; the record keeps at most %,d: nothing was stored", field, v.length(),
                    max));
        }
        if (v.indexOf('\0') >= 0) {
            throw new RecordWriteException(field + " contains a NUL character, which the database cannot store;"
                    + " nothing was stored");
        }
        return v;
    }

    static String required(String field, String value, int max) {
        String v = text(field, value, max);
        if (v.isBlank()) {
            throw new RecordWriteException(field + " is missing; nothing was stored");
        }
        return v;
    }

    static String sha256(String field, String value) {
        if (value == null || !HEX64.matcher(value).matches()) {
            throw new RecordWriteException(field + " must be a SHA-256 in 64 lower-case hexadecimal digits (got "
                    + describe(value) + "); nothing was stored");
        }
        return value;
    }

    /** A SHA-256 that may be empty (unknown). */
    static String optionalSha256(String field, String value) {
        return value == null || value.isEmpty() ? "" : sha256(field, value);
    }

    static void notNull(String field, Object value) {
        if (value == null) {
            throw new RecordWriteException(field + " is missing; nothing was stored");
        }
    }

    private static String describe(String value) {
        if (value == null) {
            return "nothing";
        }
        return value.length() > 80 ? value.length() + " characters" : "'" + value + "'";
    }
}
