package org.skingpt.api.record;

/**
 * The record's database cannot be reached or is not ready (still starting, being migrated, or refused
 * to start). Nothing was written. The message names the database (never its password) and the cause,
 * for example {@code database unreachable at jdbc:postgresql://db1:5432/skingpt: Connection refused}.
 * The store retries in the background; try again later.
 */
public class RecordUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RecordUnavailableException(String message) {
        super(message);
    }

    public RecordUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
