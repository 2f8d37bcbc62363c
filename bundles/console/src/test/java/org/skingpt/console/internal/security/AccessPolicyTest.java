package org.skingpt.console.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.GroupPrincipal;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.jupiter.api.Test;

class AccessPolicyTest {

    private static final Set<String> CONSOLE_ROLES = Set.of("clinician", "reviewer", "admin");

    @Test
    void rolesAreTheRolePrincipalsOnly() {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal("alice"));
        subject.getPrincipals().add(new GroupPrincipal("admingroup"));
        subject.getPrincipals().add(new RolePrincipal("admin"));
        subject.getPrincipals().add(new RolePrincipal("viewer"));

        assertEquals(Set.of("admin", "viewer"), AccessPolicy.roles(subject));
    }

    @Test
    void noSubjectNoRoles() {
        assertTrue(AccessPolicy.roles(null).isEmpty());
        assertTrue(AccessPolicy.roles(new Subject()).isEmpty());
    }

    @Test
    void oneAllowedRoleIsEnough() {
        assertTrue(AccessPolicy.grants(Set.of("viewer", "reviewer"), CONSOLE_ROLES));
        assertTrue(AccessPolicy.grants(Set.of("clinician"), CONSOLE_ROLES));
    }

    @Test
    void otherRolesAreNotEnough() {
        assertFalse(AccessPolicy.grants(Set.of("viewer", "manager", "ssh"), CONSOLE_ROLES));
        assertFalse(AccessPolicy.grants(Set.of(), CONSOLE_ROLES));
        assertFalse(AccessPolicy.grants(null, CONSOLE_ROLES));
        assertFalse(AccessPolicy.grants(Set.of("admin"), null));
    }

    @Test
    void roleNamesAreCaseSensitiveAndBlankAllowedRolesCountForNothing() {
        assertFalse(AccessPolicy.grants(Set.of("Admin"), CONSOLE_ROLES));
        assertFalse(AccessPolicy.grants(Set.of(""), List.of("", " ")));
    }
}
