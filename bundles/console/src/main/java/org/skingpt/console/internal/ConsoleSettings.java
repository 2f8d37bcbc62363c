package org.skingpt.console.internal;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The console's settings, validated: what {@link ConsoleConfig} holds after blanks, comma lists
 * and out-of-range numbers have been dealt with. Bad values fall back to the safe default and
 * never to "anyone may enter".
 *
 * @param realm JAAS realm name, never blank
 * @param allowedRoles roles that may enter the console, never empty, in configured order
 * @param sessionTimeoutMinutes idle session timeout, 1 to {@value #MAX_SESSION_TIMEOUT_MINUTES}
 * @param consultationRoles roles that may run consultations, a subset of the allowed roles (empty when
 *                          none of them is meant to consult)
 */
public record ConsoleSettings(String realm, Set<String> allowedRoles, int sessionTimeoutMinutes,
        Set<String> consultationRoles) {

    public static final String DEFAULT_REALM = "karaf";
    public static final int DEFAULT_SESSION_TIMEOUT_MINUTES = 30;
    public static final int MAX_SESSION_TIMEOUT_MINUTES = 24 * 60;
    public static final Set<String> DEFAULT_ROLES =
            Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList("clinician", "reviewer", "admin")));

    /** Reviewers read; clinicians and admins consult. */
    public static final Set<String> DEFAULT_CONSULTATION_ROLES =
            Collections.unmodifiableSet(new LinkedHashSet<>(Arrays.asList("clinician", "admin")));

    /** The settings used when nothing is configured. */
    public static final ConsoleSettings DEFAULTS =
            new ConsoleSettings(DEFAULT_REALM, DEFAULT_ROLES, DEFAULT_SESSION_TIMEOUT_MINUTES, DEFAULT_CONSULTATION_ROLES);

    public ConsoleSettings {
        Objects.requireNonNull(realm, "realm");
        allowedRoles = Collections.unmodifiableSet(new LinkedHashSet<>(allowedRoles));
        consultationRoles = Collections.unmodifiableSet(new LinkedHashSet<>(consultationRoles));
    }

    /** Whether a user with these roles may run consultations. */
    public boolean mayConsult(Set<String> roles) {
        return roles.stream().anyMatch(consultationRoles::contains);
    }

    /** Reads typed configuration. */
    public static ConsoleSettings from(ConsoleConfig config) {
        if (config == null) {
            return DEFAULTS;
        }
        return of(config.realm(), config.allowedRoles(), config.sessionTimeoutMinutes(), config.consultationRoles());
    }

    /** Validates raw values, with the default consultation roles. */
    public static ConsoleSettings of(String realm, String[] roles, int sessionTimeoutMinutes) {
        return of(realm, roles, sessionTimeoutMinutes, null);
    }

    /**
     * Validates raw values. A role list given as one comma-separated string (as a {@code .cfg}
     * line {@code allowedRoles = a,b} arrives) is split.
     */
    public static ConsoleSettings of(String realm, String[] roles, int sessionTimeoutMinutes, String[] consulting) {
        String r = realm == null || realm.isBlank() ? DEFAULT_REALM : realm.trim();
        Set<String> parsed = parseRoles(roles);
        if (parsed.isEmpty()) {
            parsed = DEFAULT_ROLES;
        }
        int timeout = sessionTimeoutMinutes < 1
                ? DEFAULT_SESSION_TIMEOUT_MINUTES
                : Math.min(sessionTimeoutMinutes, MAX_SESSION_TIMEOUT_MINUTES);
        // Only roles that may enter at all can consult; nothing valid left means the safe default.
        Set<String> consult = new LinkedHashSet<>(parseRoles(consulting));
        consult.retainAll(parsed);
        if (consult.isEmpty()) {
            consult = new LinkedHashSet<>(DEFAULT_CONSULTATION_ROLES);
            consult.retainAll(parsed);
        }
        return new ConsoleSettings(r, parsed, timeout, consult);
    }

    static Set<String> parseRoles(String[] roles) {
        if (roles == null) {
            return Set.of();
        }
        return Arrays.stream(roles)
                .filter(Objects::nonNull)
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::trim)
                .filter(role -> !role.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    /** Session timeout in seconds, for {@code HttpSession.setMaxInactiveInterval}. */
    public int sessionTimeoutSeconds() {
        return sessionTimeoutMinutes * 60;
    }
}
