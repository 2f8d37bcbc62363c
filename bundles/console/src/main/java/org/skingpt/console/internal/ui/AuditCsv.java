package org.skingpt.console.internal.ui;

import java.io.IOException;
import java.io.Writer;
import java.time.format.DateTimeFormatter;
import org.skingpt.api.record.AuditEntry;

/**
 * The audit trail as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when needed, UTF-8). A field
 * that a spreadsheet would run as a formula ({@code = + - @}, tab or carriage return first) is written with a
 * leading apostrophe: the audit holds text that users typed (user names, targets), and opening the export must
 * never run it.
 */
final class AuditCsv {

    static final String HEADER = "sequence,time,actor,action,target,detail,source_address";

    private AuditCsv() {
    }

    static void header(Writer out) throws IOException {
        out.write(HEADER);
        out.write("\r\n");
    }

    static void row(Writer out, AuditEntry e) throws IOException {
        out.write(Long.toString(e.sequence()));
        out.write(',');
        out.write(e.time() == null ? "" : DateTimeFormatter.ISO_INSTANT.format(e.time()));
        for (String field : new String[] {e.actor(), e.action(), e.target(), e.detail(), e.sourceAddress()}) {
            out.write(',');
            out.write(field(field));
        }
        out.write("\r\n");
    }

    static String field(String value) {
        if (value == null || value.isEmpty()) {
            return "";
        }
        String v = value;
        char first = v.charAt(0);
        if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
            v = "'" + v;
        }
        if (v.indexOf(',') >= 0 || v.indexOf('"') >= 0 || v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0) {
            return '"' + v.replace("\"", "\"\"") + '"';
        }
        return v;
    }
}
