package org.skingpt.console.internal.ui;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.skingpt.console.internal.security.AuthenticatedUser;

class RolesTest {

    private static AuthenticatedUser user(String name, String... roles) {
        return new AuthenticatedUser(name, Set.of(roles), Instant.EPOCH);
    }

    @Test
    void cliniciansSeeTheirOwnConsultationsAdminsAndReviewersEveryones() {
        AuthenticatedUser clinician = user("dr-a", "clinician");
        assertFalse(Roles.seesAllConsultations(clinician));
        assertTrue(Roles.mayView(clinician, "dr-a"));
        assertFalse(Roles.mayView(clinician, "dr-b"));
        assertFalse(Roles.mayView(clinician, ""), "a consultation without a clinician is nobody's own");
        assertTrue(Roles.mayView(user("rev", "reviewer", "clinician"), "dr-b"));
        assertTrue(Roles.mayView(user("boss", "admin"), "dr-b"));
        assertFalse(Roles.mayView(null, "dr-a"));
        assertTrue(Roles.isAdmin(user("boss", "admin")));
        assertFalse(Roles.isAdmin(user("rev", "reviewer")));
    }
}
