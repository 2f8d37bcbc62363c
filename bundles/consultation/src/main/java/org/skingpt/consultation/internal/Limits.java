package org.skingpt.consultation.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.skingpt.api.inference.GenerationSettings;

/**
 * Validated settings. Each value out of range is reported by name with its allowed range and replaced
 * by its default, so a typo in the configuration never stops consultations.
 */
record Limits(int maxOpen, int maxConcurrent, int queueWaitMillis, int idleMinutes, int maxImages,
              int maxQuestionChars, GenerationSettings settings, boolean consistency) {

    static final Limits DEFAULTS = new Limits(64, 8, 2000, 30, 4, 2000,
            new GenerationSettings(320, 0.0, 0, 1.0, 1.0, 42L, List.of("###")), true);

    /** The limits, and the problems found (empty when the configuration is valid). */
    static Limits from(ConsultationConfig c, List<String> problems) {
        int maxOpen = range("maxOpenConsultations", c.maxOpenConsultations(), 1, 10_000, DEFAULTS.maxOpen, problems);
        int conc = range("maxConcurrentGenerations", c.maxConcurrentGenerations(), 1, 64, DEFAULTS.maxConcurrent, problems);
        int wait = range("queueWaitMillis", c.queueWaitMillis(), 0, 60_000, DEFAULTS.queueWaitMillis, problems);
        int idle = range("idleMinutes", c.idleMinutes(), 1, 1440, DEFAULTS.idleMinutes, problems);
        int images = range("maxImages", c.maxImages(), 1, 8, DEFAULTS.maxImages, problems);
        int chars = range("maxQuestionChars", c.maxQuestionChars(), 1, 10_000, DEFAULTS.maxQuestionChars, problems);
        int tokens = range("maxNewTokens", c.maxNewTokens(), 1, 4096, 320, problems);
        double temperature = c.temperature();
        if (!(temperature >= 0 && temperature <= 2)) {
            problems.add(String.format(Locale.ROOT, "temperature must be between 0 and 2, got %s; using 0", temperature));
            temperature = 0;
        }
        GenerationSettings s = new GenerationSettings(tokens, temperature, 0, temperature == 0 ? 1.0 : 0.9, 1.0, c.seed(),
                List.of("###"));
        return new Limits(maxOpen, conc, wait, idle, images, chars, s, c.consistencyConstraint());
    }

    private static int range(String key, int value, int min, int max, int fallback, List<String> problems) {
        if (value < min || value > max) {
            problems.add(key + " must be between " + min + " and " + max + ", got " + value + "; using " + fallback);
            return fallback;
        }
        return value;
    }

    static List<String> problems() {
        return new ArrayList<>();
    }
}
