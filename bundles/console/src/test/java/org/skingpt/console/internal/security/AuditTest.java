package org.skingpt.console.internal.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AuditTest {

    @Test
    void userNamesCannotForgeLogLines() {
        String cleaned = Audit.clean("mallory\nconsole login succeeded: user=admin\r");
        assertFalse(cleaned.contains("\n"));
        assertFalse(cleaned.contains("\r"));
        assertTrue(cleaned.startsWith("mallory_console"));
    }

    @Test
    void longValuesAreCut() {
        String cleaned = Audit.clean("x".repeat(500));
        assertEquals(65, cleaned.length());
        assertTrue(cleaned.endsWith("\u2026"));
    }

    @Test
    void missingValues() {
        assertEquals("-", Audit.clean(null));
        assertEquals("-", Audit.clean(""));
        assertEquals("alice", Audit.clean("alice"));
    }
}
