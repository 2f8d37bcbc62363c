package org.skingpt.api.consultation;

/**
 * Input refused at a boundary (an upload, an argument). The message says what is wrong and what to
 * do; {@link #code()} is a stable key for localised messages.
 */
public class InvalidInputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    public InvalidInputException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
