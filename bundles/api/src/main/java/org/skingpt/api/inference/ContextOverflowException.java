package org.skingpt.api.inference;

/**
 * The conversation would not fit in the model's context. The platform never drops earlier turns
 * (or the image) silently; the caller decides what to do, for example start a new consultation.
 */
public class ContextOverflowException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int needed;
    private final int available;

    public ContextOverflowException(int needed, int available) {
        super("The conversation needs " + needed + " positions but the model's context has " + available
                + "; start a new consultation or ask for a shorter answer.");
        this.needed = needed;
        this.available = available;
    }

    public int needed() {
        return needed;
    }

    public int available() {
        return available;
    }
}
