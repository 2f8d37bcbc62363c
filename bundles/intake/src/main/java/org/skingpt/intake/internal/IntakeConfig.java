package org.skingpt.intake.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Limits of image intake, PID {@value #PID} (file {@code etc/org.skingpt.intake.cfg}). A value
 * outside its range is refused: the log names it and its range, and its default applies.
 */
@ObjectClassDefinition(
        id = IntakeConfig.PID,
        name = "SkinGPT image intake",
        description = "Limits applied to every uploaded photo before and while it is decoded.")
public @interface IntakeConfig {

    /** Configuration PID. */
    String PID = "org.skingpt.intake";

    @AttributeDefinition(
            name = "Largest upload (bytes)",
            description = "Uploads larger than this are refused before they are read (1 to 268435456; "
                    + "default 20 MiB).",
            min = "1",
            max = "268435456")
    int maxBytes() default IntakeSettings.DEFAULT_MAX_BYTES;

    @AttributeDefinition(
            name = "Longest side (pixels)",
            description = "Width and height declared in the file's header may not exceed this (1 to 65535).",
            min = "1",
            max = "65535")
    int maxSide() default IntakeSettings.DEFAULT_MAX_SIDE;

    @AttributeDefinition(
            name = "Most pixels",
            description = "Width times height may not exceed this; bounds the memory one decode takes "
                    + "(about 4 to 12 bytes per pixel; 1 to 250000000).",
            min = "1",
            max = "250000000")
    long maxPixels() default IntakeSettings.DEFAULT_MAX_PIXELS;

    @AttributeDefinition(
            name = "Time limit (milliseconds)",
            description = "Longest time one image may take to decode, convert and re-encode; a slower one "
                    + "is aborted and refused (1 to 600000).",
            min = "1",
            max = "600000")
    int decodeTimeoutMillis() default IntakeSettings.DEFAULT_DECODE_TIMEOUT_MILLIS;

    @AttributeDefinition(
            name = "Concurrent decodes",
            description = "Images decoded at the same time; one more upload waits up to decodeSlotWaitMillis "
                    + "for a slot, then is refused as busy (1 to 64).",
            min = "1",
            max = "64")
    int maxConcurrentDecodes() default IntakeSettings.DEFAULT_MAX_CONCURRENT_DECODES;

    @AttributeDefinition(
            name = "Wait for a decode slot (ms)",
            description = "How long an upload that finds every decode slot taken waits for one before it is "
                    + "refused as busy; 0 refuses at once (0 to 60000).",
            min = "0",
            max = "60000")
    int decodeSlotWaitMillis() default IntakeSettings.DEFAULT_DECODE_SLOT_WAIT_MILLIS;
}
