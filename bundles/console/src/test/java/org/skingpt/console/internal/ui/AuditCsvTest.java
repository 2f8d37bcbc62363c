package org.skingpt.console.internal.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.StringWriter;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.skingpt.api.record.AuditEntry;

class AuditCsvTest {

    @Test
    void rowsAreRfc4180AndNeverRunAsFormulas() throws Exception {
        StringWriter out = new StringWriter();
        AuditCsv.header(out);
        AuditCsv.row(out, new AuditEntry(7, Instant.parse("2026-03-01T10:15:30Z"), "dr-browser", "HISTORY_SEARCHED",
                "console", "filters=dates,patient", "127.0.0.1"));
        AuditCsv.row(out, new AuditEntry(8, Instant.parse("2026-03-01T10:16:00Z"), "=HYPERLINK(\"x\")",
                "LOGIN_FAILED", "console", "reason, \"quoted\"\nline", "-1"));
        assertEquals(AuditCsv.HEADER + "\r\n"
                + "7,2026-03-01T10:15:30Z,dr-browser,HISTORY_SEARCHED,console,\"filters=dates,patient\",127.0.0.1\r\n"
                + "8,2026-03-01T10:16:00Z,\"'=HYPERLINK(\"\"x\"\")\",LOGIN_FAILED,console,"
                + "\"reason, \"\"quoted\"\"\nline\",'-1\r\n", out.toString());
        assertEquals("'+1", AuditCsv.field("+1"));
        assertEquals("'@x", AuditCsv.field("@x"));
        assertEquals("", AuditCsv.field(null));
    }
}
