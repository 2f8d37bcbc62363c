package org.skingpt.intake.internal;

/**
 * Why an image is refused: a stable code and the arguments of its message. Turned into a localised
 * {@link org.skingpt.api.consultation.InvalidInputException} at the service boundary.
 */
final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;

    static final String EMPTY = "image.empty";
    static final String TOO_LARGE = "image.too-large";
    static final String FORMAT = "image.format";
    static final String DIMENSIONS = "image.dimensions";
    static final String PIXELS = "image.pixels";
    static final String COLOR = "image.color";
    static final String MALFORMED = "image.malformed";
    static final String TIMEOUT = "image.timeout";
    static final String BUSY = org.skingpt.api.intake.ImageIntakeBusyException.CODE;

    private final String code;
    private final transient Object[] arguments;

    Refusal(String code, String detail, Object... arguments) {
        // The detail is for developers (tests, debug logs); it never holds image content.
        super(code + ": " + detail, null, false, false);
        this.code = code;
        this.arguments = arguments.clone();
    }

    static Refusal malformed(String detail) {
        return new Refusal(MALFORMED, detail);
    }

    String code() {
        return code;
    }

    Object[] arguments() {
        return arguments.clone();
    }
}
