package org.skingpt.api.record;

/**
 * A write was refused and nothing of it was stored: a field is too long or missing, the consultation or
 * answer does not exist or is not in a state that allows the change (an answer that was interrupted can
 * never be completed later), or the database rejected it. The message says which field or row and why.
 */
public class RecordWriteException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RecordWriteException(String message) {
        super(message);
    }

    public RecordWriteException(String message, Throwable cause) {
        super(message, cause);
    }
}
