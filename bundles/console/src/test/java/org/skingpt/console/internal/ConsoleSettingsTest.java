package org.skingpt.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.lang.annotation.Annotation;
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

    static ConsoleConfig config(String realm, String[] roles, int timeout) {
        return new ConsoleConfig() {
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
        };
    }
}
