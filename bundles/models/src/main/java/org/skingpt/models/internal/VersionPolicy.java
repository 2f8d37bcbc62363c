package org.skingpt.models.internal;

import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which version of a model name serves new consultations: the pinned one when an admin pinned a
 * version and it is ready, otherwise the newest ready one. Serving the newest when a pinned version
 * is not (or no longer) ready keeps consultations possible; the extender logs it.
 */
final class VersionPolicy {

    /** Orders versions the way people read them: 1.10.0 after 1.9.2, numeric parts as numbers. */
    static final Comparator<String> VERSION_ORDER = VersionPolicy::compareVersions;

    private VersionPolicy() {
    }

    /**
     * Parses pins written as {@code name=version}.
     *
     * @throws IllegalArgumentException naming the entry that is not of that form
     */
    static Map<String, String> parsePins(String[] entries) {
        Map<String, String> pins = new LinkedHashMap<>();
        for (String raw : entries == null ? new String[0] : entries) {
            for (String entry : raw.split(",")) {
                String e = entry.trim();
                if (e.isEmpty()) {
                    continue;
                }
                int eq = e.indexOf('=');
                if (eq <= 0 || eq == e.length() - 1) {
                    throw new IllegalArgumentException("Pin '" + e + "' must be written as name=version, e.g. skingpt-demo-llm=1.0.0");
                }
                pins.put(e.substring(0, eq).trim(), e.substring(eq + 1).trim());
            }
        }
        return pins;
    }

    /** The version to serve among the ready ones, if any is ready. */
    static Optional<String> choose(Collection<String> readyVersions, String pinned) {
        if (pinned != null && readyVersions.contains(pinned)) {
            return Optional.of(pinned);
        }
        return readyVersions.stream().max(VERSION_ORDER);
    }

    static int compareVersions(String a, String b) {
        String[] x = a.split("[.\\-+_]");
        String[] y = b.split("[.\\-+_]");
        for (int i = 0; i < Math.max(x.length, y.length); i++) {
            String p = i < x.length ? x[i] : "";
            String q = i < y.length ? y[i] : "";
            int c;
            if (p.matches("\\d+") && q.matches("\\d+")) {
                c = new java.math.BigInteger(p).compareTo(new java.math.BigInteger(q));
            } else if (p.isEmpty() || q.isEmpty()) {
                // 1.0 < 1.0.1, but a release 1.0.0 is newer than 1.0.0-rc1
                c = p.isEmpty() == q.isEmpty() ? 0 : (p.isEmpty() ? (q.matches("\\d+") ? -1 : 1) : (p.matches("\\d+") ? 1 : -1));
            } else {
                c = p.compareTo(q);
            }
            if (c != 0) {
                return c;
            }
        }
        return 0;
    }
}
