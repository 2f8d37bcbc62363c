package org.skingpt.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.Set;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsoleSettingsTest {

    @Test
    void defaultsWhenNothingConfigured() {
        assertEquals(ConsoleSettings.DEFAULTS, ConsoleSettings.from(null));
        assertEquals("karaf", ConsoleSettings.DEFAULTS.realm());
        assertEquals(List.of("clinician", "reviewer", "admin"), List.copyOf(ConsoleSettings.DEFAULTS.allowedRoles()));
        assertEquals(30, ConsoleSettings.DEFAULTS.sessionTimeoutMinutes());
        assertEquals(1800, ConsoleSettings.DEFAULTS.sessionTimeoutSeconds());
    }

    @Test
    void readsTypedConfiguration() {
        ConsoleSettings settings = ConsoleSettings.from(config(" hospital ", new String[] {"doctor", "nurse"}, 15));
        assertEquals("hospital", settings.realm());
        assertEquals(List.of("doctor", "nurse"), List.copyOf(settings.allowedRoles()));
        assertEquals(15, settings.sessionTimeoutMinutes());
    }

    @Test
    void splitsOneCommaSeparatedValue() {
        // "allowedRoles = clinician, admin" in a .cfg file arrives as one string
        ConsoleSettings settings = ConsoleSettings.of("karaf", new String[] {"clinician, admin ,,"}, 30);
        assertEquals(List.of("clinician", "admin"), List.copyOf(settings.allowedRoles()));
    }

    @Test
    void removesDuplicatesKeepingOrder() {
        ConsoleSettings settings = ConsoleSettings.of("karaf", new String[] {"admin", "clinician,admin"}, 30);
        assertEquals(List.of("admin", "clinician"), List.copyOf(settings.allowedRoles()));
    }

    @Test
    void blankValuesFallBackToSafeDefaults() {
        ConsoleSettings settings = ConsoleSettings.of("  ", new String[] {" ", ","}, 0);
        assertEquals("karaf", settings.realm());
        // never "anyone may enter"
        assertEquals(ConsoleSettings.DEFAULT_ROLES, settings.allowedRoles());
        assertEquals(30, settings.sessionTimeoutMinutes());

        assertEquals(ConsoleSettings.DEFAULT_ROLES, ConsoleSettings.of(null, null, -5).allowedRoles());
    }

    @Test
    void timeoutIsBounded() {
        assertEquals(1, ConsoleSettings.of("karaf", null, 1).sessionTimeoutMinutes());
        assertEquals(1440, ConsoleSettings.of("karaf", null, 100_000).sessionTimeoutMinutes());
    }

    @Test
    void rolesAreImmutable() {
        ConsoleSettings settings = ConsoleSettings.of("karaf", new String[] {"admin"}, 30);
        assertThrows(UnsupportedOperationException.class, () -> settings.allowedRoles().add("x"));
    }

    @Test
    void cliniciansAndAdminsConsultByDefaultReviewersOnlyLook() {
        ConsoleSettings settings = ConsoleSettings.from(config("karaf", new String[] {"clinician,reviewer,admin"}, 30));
        assertTrue(settings.mayConsult(Set.of("clinician")));
        assertTrue(settings.mayConsult(Set.of("admin")));
        assertFalse(settings.mayConsult(Set.of("reviewer")));
        assertFalse(settings.mayConsult(Set.of()));
    }

    @Test
    void consultationRolesAreLimitedToTheRolesThatMayEnter() {
        ConsoleSettings settings = ConsoleSettings.of("karaf", new String[] {"clinician", "reviewer"}, 30,
                new String[] {"reviewer, outsider"});
        assertEquals(Set.of("reviewer"), settings.consultationRoles());
        assertFalse(settings.mayConsult(Set.of("outsider")), "a role that may not enter cannot consult");
        // Nothing valid configured: the safe default, within what may enter.
        assertEquals(Set.of("clinician"),
                ConsoleSettings.of("karaf", new String[] {"clinician", "reviewer"}, 30, new String[] {" "})
                        .consultationRoles());
    }

    static ConsoleConfig config(String realm, String[] roles, int timeout) {
        return new ConsoleConfig() {
            @Override
            public String[] consultationRoles() {
                return new String[] {"clinician", "admin"};
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return ConsoleConfig.class;
            }

            @Override
            public String realm() {
                return realm;
            }

            @Override
            public String[] allowedRoles() {
                return roles;
            }

            @Override
            public int sessionTimeoutMinutes() {
                return timeout;
            }

            @Override
            public int bundleUploadMaxMegabytes() {
                return 4096;
            }
        };
    }
}
