package org.skingpt.console.internal.security;

import java.io.Serializable;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.Set;

/**
 * A user who signed in to the console; kept in the Vaadin session. Holds no credentials.
 *
 * @param name the user name as the realm knows it
 * @param roles every role the realm granted, console-relevant or not
 * @param since when the user signed in
 */
public record AuthenticatedUser(String name, Set<String> roles, Instant since) implements Serializable {

    public AuthenticatedUser {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(since, "since");
        roles = Collections.unmodifiableSet(new LinkedHashSet<>(roles));
    }

    /** Whether the user holds the given role. */
    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    /** The user's roles that matter to the console, in the order the console lists them. */
    public Set<String> rolesAmong(Set<String> consoleRoles) {
        Set<String> result = new LinkedHashSet<>();
        for (String role : consoleRoles) {
            if (roles.contains(role)) {
                result.add(role);
            }
        }
        return result;
    }
}
