package org.skingpt.console.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class CurrentUserTest {

    @Test
    void remembersRoutesInsideTheConsole() {
        assertEquals("about", CurrentUser.safeTarget("about"));
        assertEquals("status?x=1", CurrentUser.safeTarget("status?x=1"));
    }

    @Test
    void neverSendsAUserElsewhereOrBackToLogin() {
        assertEquals("", CurrentUser.safeTarget(null));
        assertEquals("", CurrentUser.safeTarget(" "));
        assertEquals("", CurrentUser.safeTarget("login"));
        assertEquals("", CurrentUser.safeTarget("login?next=x"));
        assertEquals("", CurrentUser.safeTarget("https://evil.example/"));
        assertEquals("", CurrentUser.safeTarget("//evil.example/"));
        assertEquals("", CurrentUser.safeTarget("/\\evil.example"));
        assertEquals("", CurrentUser.safeTarget("\\\\evil.example"));
        assertEquals("", CurrentUser.safeTarget("a/../../x"));
    }
}
