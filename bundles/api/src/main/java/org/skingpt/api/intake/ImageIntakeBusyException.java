package org.skingpt.api.intake;

import org.skingpt.api.consultation.InvalidInputException;

/**
 * The intake refused an image because all its decode slots are taken: nothing is wrong with the photo, and
 * the same call may succeed a moment later. A subtype of {@link InvalidInputException} with the code
 * {@value #CODE}, so that a caller that handles every refusal alike keeps working; a caller that tells
 * "try again" from "send another photo" catches this type (the consultation service answers "busy").
 *
 * @since 2.1
 */
public class ImageIntakeBusyException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /** The {@link #code()} of every busy refusal. */
    public static final String CODE = "image.busy";

    /** @param message what the user reads, in the language asked for: the intake is busy, try again shortly */
    public ImageIntakeBusyException(String message) {
        super(CODE, message);
    }
}
