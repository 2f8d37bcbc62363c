package org.skingpt.console.internal.security;

import java.security.Principal;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;

/** Who may enter the console: role extraction from a JAAS subject and the role check. */
public final class AccessPolicy {

    private AccessPolicy() {
    }

    /**
     * The role names a Karaf realm put into the subject. Karaf's login modules add one
     * {@link RolePrincipal} per role (group roles included); other principals (user, group)
     * are not roles.
     */
    public static Set<String> roles(Subject subject) {
        Set<String> roles = new LinkedHashSet<>();
        if (subject == null) {
            return roles;
        }
        for (Principal principal : subject.getPrincipals()) {
            if (isRole(principal) && principal.getName() != null && !principal.getName().isBlank()) {
                roles.add(principal.getName().trim());
            }
        }
        return roles;
    }

    private static boolean isRole(Principal principal) {
        // The class name check covers a RolePrincipal from another class loader (two Karaf JAAS
        // boot jars would be a broken installation, but then the console should still say why).
        return principal instanceof RolePrincipal
                || RolePrincipal.class.getName().equals(principal.getClass().getName());
    }

    /** Whether a user with {@code userRoles} may enter: at least one of {@code allowedRoles}. */
    public static boolean grants(Collection<String> userRoles, Collection<String> allowedRoles) {
        if (userRoles == null || allowedRoles == null) {
            return false;
        }
        for (String role : allowedRoles) {
            if (role != null && !role.isBlank() && userRoles.contains(role)) {
                return true;
            }
        }
        return false;
    }
}
