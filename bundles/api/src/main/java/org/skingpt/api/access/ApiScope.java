package org.skingpt.api.access;

import java.util.Locale;

/** What an API token may do. A token holds one or more scopes; none implies another. */
public enum ApiScope {
    /** Start consultations, run the questions, ask follow-ups, reopen and close consultations. */
    CONSULT,
    /** Read consultations, their history and reports; list models, locales and report formats. */
    READ,
    /** Manage API tokens through the API. */
    ADMIN;

    /** The scope's name as written in requests, configuration and the shell: {@code consult}, {@code read}, {@code admin}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The scope of that name (case-insensitive).
     *
     * @throws IllegalArgumentException naming the scopes that exist
     */
    public static ApiScope of(String name) {
        if (name != null) {
            for (ApiScope s : values()) {
                if (s.id().equalsIgnoreCase(name.strip())) {
                    return s;
                }
            }
        }
        throw new IllegalArgumentException("unknown API scope '" + name + "'; the scopes are consult, read and admin");
    }
}
