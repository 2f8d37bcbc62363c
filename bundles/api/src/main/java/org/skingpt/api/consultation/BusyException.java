package org.skingpt.api.consultation;

/** The platform is at capacity; the request was not queued. Try again shortly. */
public class BusyException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public BusyException(String message) {
        super(message);
    }
}
