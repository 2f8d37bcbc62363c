package org.skingpt.api.access;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * One sign-in account as an admin sees it: its groups, the roles they grant, and whether failed sign-ins
 * have locked it. Never its password or hash.
 *
 * @param name           user name
 * @param groups         groups the account belongs to (e.g. {@code admingroup}), without Karaf's {@code _g_:} prefix
 * @param roles          every role the account holds, its groups' roles included
 * @param locked         whether sign-ins of this name are refused now after too many failures
 * @param lockedUntil    when the lock ends by itself; null when not locked
 * @param recentFailures failed sign-ins within the lockout window
 * @since 1.1
 */
public record UserAccount(String name, Set<String> groups, Set<String> roles, boolean locked, Instant lockedUntil,
        int recentFailures) {

    public UserAccount {
        Objects.requireNonNull(name, "name");
        groups = Set.copyOf(groups);
        roles = Set.copyOf(roles);
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }
}
