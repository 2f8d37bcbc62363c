package org.skingpt.console.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AuthenticationResultTest {

    @Test
    void successCarriesTheUserAndOnlySuccessDoes() {
        AuthenticatedUser alice = new AuthenticatedUser("alice", Set.of("admin"), Instant.EPOCH);
        assertEquals(alice, AuthenticationResult.success(alice).user());
        assertThrows(IllegalArgumentException.class,
                () -> new AuthenticationResult(AuthenticationResult.Outcome.NO_ROLE, alice));
        assertThrows(IllegalArgumentException.class,
                () -> new AuthenticationResult(AuthenticationResult.Outcome.SUCCESS, null));
    }

    @Test
    void messagesSayNothingUseful() {
        java.util.List<String> roles = java.util.List.of("clinician", "admin");
        String bad = AuthenticationResult.failure(AuthenticationResult.Outcome.BAD_CREDENTIALS).message(roles);
        assertEquals("Incorrect user name or password.", bad);
        String unavailable = AuthenticationResult.failure(AuthenticationResult.Outcome.UNAVAILABLE).message(roles);
        assertFalse(unavailable.contains("karaf"));
        String noRole = AuthenticationResult.failure(AuthenticationResult.Outcome.NO_ROLE).message(roles);
        assertTrue(noRole.contains("not allowed"));
        assertTrue(noRole.endsWith("one of these roles: clinician, admin."), noRole);
    }

    @Test
    void lockedShowsTheRealmsNoticeOrAPlainSentence() {
        java.util.List<String> roles = java.util.List.of("clinician");
        assertEquals("Account locked until 14:35 after 5 failed sign-ins; an admin can unlock it.",
                AuthenticationResult.locked(" Account locked until 14:35 after 5 failed sign-ins; an admin can unlock it.\n")
                        .message(roles));
        assertEquals("This account is locked after too many failed sign-ins; an admin can unlock it.",
                AuthenticationResult.locked(null).message(roles));
        assertFalse(AuthenticationResult.locked("x").authenticatedUser().isPresent());
    }

    @Test
    void consoleRolesInConsoleOrder() {
        AuthenticatedUser bob = new AuthenticatedUser("bob", Set.of("viewer", "admin", "clinician"), Instant.EPOCH);
        assertEquals(java.util.List.of("clinician", "admin"),
                java.util.List.copyOf(bob.rolesAmong(new java.util.LinkedHashSet<>(
                        java.util.List.of("clinician", "reviewer", "admin")))));
        assertTrue(bob.hasRole("viewer"));
    }
}
