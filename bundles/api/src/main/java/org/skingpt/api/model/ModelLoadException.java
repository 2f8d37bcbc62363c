package org.skingpt.api.model;

/**
 * A model could not be loaded: missing or mis-shaped tensor, wrong checksum, unknown architecture,
 * incompatible widths. The message names what is wrong so an admin can act on it.
 */
public class ModelLoadException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
