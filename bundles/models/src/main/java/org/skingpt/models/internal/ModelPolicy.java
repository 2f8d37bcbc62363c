package org.skingpt.models.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The model policy as the extender applies it (PID {@code org.skingpt.models}): pinned versions, how
 * long a withdrawn model drains, and how long models keep serving after their architecture bundle
 * went away. A value that is out of range is refused with a message naming the key and its range,
 * and the default serves instead; pins that cannot be read keep the previous pins.
 *
 * @param pins        model name to pinned version
 * @param drainMillis how long running work may finish on a withdrawn or replaced model
 * @param graceMillis how long models built by an architecture bundle that went away keep serving
 *                    while a bundle that provides the architecture again is awaited
 */
record ModelPolicy(Map<String, String> pins, long drainMillis, long graceMillis) {

    static final int DEFAULT_DRAIN_SECONDS = 120;
    static final int MAX_DRAIN_SECONDS = 86_400;
    static final int DEFAULT_GRACE_SECONDS = 60;
    static final int MAX_GRACE_SECONDS = 3_600;

    static final ModelPolicy DEFAULTS = new ModelPolicy(Map.of(), DEFAULT_DRAIN_SECONDS * 1000L, DEFAULT_GRACE_SECONDS * 1000L);

    /** A policy read from configuration, and one message per value refused. */
    record Applied(ModelPolicy policy, List<String> problems) {
    }

    static Applied of(String[] pinned, int drainSeconds, int graceSeconds, ModelPolicy previous) {
        List<String> problems = new ArrayList<>();
        Map<String, String> pins;
        try {
            pins = VersionPolicy.parsePins(pinned);
        } catch (IllegalArgumentException e) {
            problems.add("pinned refused, previous pins " + previous.pins() + " kept: " + e.getMessage());
            pins = previous.pins();
        }
        int drain = drainSeconds;
        if (drain < 0 || drain > MAX_DRAIN_SECONDS) {
            problems.add("drainSeconds must be between 0 and " + MAX_DRAIN_SECONDS + ", not " + drainSeconds + "; using "
                    + DEFAULT_DRAIN_SECONDS);
            drain = DEFAULT_DRAIN_SECONDS;
        }
        int grace = graceSeconds;
        if (grace < 0 || grace > MAX_GRACE_SECONDS) {
            problems.add("architectureGraceSeconds must be between 0 and " + MAX_GRACE_SECONDS + ", not " + graceSeconds
                    + "; using " + DEFAULT_GRACE_SECONDS);
            grace = DEFAULT_GRACE_SECONDS;
        }
        return new Applied(new ModelPolicy(Map.copyOf(pins), drain * 1000L, grace * 1000L), List.copyOf(problems));
    }

    static Applied of(ModelPolicyConfig config, ModelPolicy previous) {
        return of(config.pinned(), config.drainSeconds(), config.architectureGraceSeconds(), previous);
    }
}
