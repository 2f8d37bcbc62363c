package org.skingpt.intake.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * Validated limits of image intake.
 *
 * @param maxBytes             largest upload in bytes
 * @param maxSide              longest width or height in pixels
 * @param maxPixels            most pixels (width times height)
 * @param decodeTimeoutMillis  time limit of one image
 * @param maxConcurrentDecodes images processed at the same time
 * @param decodeSlotWaitMillis how long an upload waits for a decode slot before it is told "busy"
 */
record IntakeSettings(int maxBytes, int maxSide, long maxPixels, int decodeTimeoutMillis, int maxConcurrentDecodes,
                      int decodeSlotWaitMillis) {

    static final int DEFAULT_MAX_BYTES = 20 * 1024 * 1024;
    static final int DEFAULT_MAX_SIDE = 12_000;
    static final long DEFAULT_MAX_PIXELS = 50_000_000L;
    static final int DEFAULT_DECODE_TIMEOUT_MILLIS = 10_000;
    static final int DEFAULT_MAX_CONCURRENT_DECODES = 2;
    /**
     * A decode takes about 10 ms for a phone photo resized to 224 px; eight clinicians uploading at once
     * should queue for that, not be told "busy" (measured: 7 to 10 busy answers per 24 consultations at
     * eight clients when uploads were refused at once). A second still bounds the queue under a flood.
     */
    static final int DEFAULT_DECODE_SLOT_WAIT_MILLIS = 1_000;

    static final int MAX_MAX_BYTES = 256 * 1024 * 1024;
    static final int MAX_MAX_SIDE = 65_535;
    static final long MAX_MAX_PIXELS = 250_000_000L;
    static final int MAX_DECODE_TIMEOUT_MILLIS = 600_000;
    static final int MAX_MAX_CONCURRENT_DECODES = 64;
    static final int MAX_DECODE_SLOT_WAIT_MILLIS = 60_000;

    static final IntakeSettings DEFAULTS = new IntakeSettings(DEFAULT_MAX_BYTES, DEFAULT_MAX_SIDE, DEFAULT_MAX_PIXELS,
            DEFAULT_DECODE_TIMEOUT_MILLIS, DEFAULT_MAX_CONCURRENT_DECODES, DEFAULT_DECODE_SLOT_WAIT_MILLIS);

    /**
     * Settings from a configuration: each value out of range is replaced by its default and
     * described in {@code problems}, in words an administrator can act on.
     */
    static IntakeSettings from(IntakeConfig config, List<String> problems) {
        return new IntakeSettings(
                (int) checked("maxBytes", config.maxBytes(), 1, MAX_MAX_BYTES, DEFAULT_MAX_BYTES, "bytes", problems),
                (int) checked("maxSide", config.maxSide(), 1, MAX_MAX_SIDE, DEFAULT_MAX_SIDE, "pixels", problems),
                checked("maxPixels", config.maxPixels(), 1, MAX_MAX_PIXELS, DEFAULT_MAX_PIXELS, "pixels", problems),
                (int) checked("decodeTimeoutMillis", config.decodeTimeoutMillis(), 1, MAX_DECODE_TIMEOUT_MILLIS,
                        DEFAULT_DECODE_TIMEOUT_MILLIS, "milliseconds", problems),
                (int) checked("maxConcurrentDecodes", config.maxConcurrentDecodes(), 1, MAX_MAX_CONCURRENT_DECODES,
                        DEFAULT_MAX_CONCURRENT_DECODES, "decodes", problems),
                (int) checked("decodeSlotWaitMillis", config.decodeSlotWaitMillis(), 0, MAX_DECODE_SLOT_WAIT_MILLIS,
                        DEFAULT_DECODE_SLOT_WAIT_MILLIS, "milliseconds", problems));
    }

    static IntakeSettings from(IntakeConfig config) {
        return from(config, new ArrayList<>());
    }

    private static long checked(String key, long value, long min, long max, long fallback, String unit,
            List<String> problems) {
        if (value >= min && value <= max) {
            return value;
        }
        problems.add(key + " = " + value + " refused: it must be between " + min + " and " + max + " " + unit
                + ". The default " + fallback + " applies until " + key + " is corrected in etc/"
                + IntakeConfig.PID + ".cfg (or with config:property-set -p " + IntakeConfig.PID + " " + key + " <value>).");
        return fallback;
    }

    /** Refuses sizes over the limits; called with the header's values, before any decoding. */
    void check(int width, int height) throws Refusal {
        if (width > maxSide || height > maxSide) {
            throw new Refusal(Refusal.DIMENSIONS, width + "x" + height + " exceeds " + maxSide, width, height, maxSide);
        }
        long pixels = (long) width * height;
        if (pixels > maxPixels) {
            throw new Refusal(Refusal.PIXELS, pixels + " pixels exceed " + maxPixels,
                    pixels / 1_000_000.0, maxPixels / 1_000_000.0, width, height);
        }
    }
}
