package org.skingpt.api.consultation;

/** No model of the needed kind is ready. Raised at once, never after a wait. */
public class NoModelAvailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public NoModelAvailableException(String message) {
        super(message);
    }
}
