package org.skingpt.shell.ssh.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlainTextOutputStreamTest {

    private static String plain(String text, int chunk) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (PlainTextOutputStream out = new PlainTextOutputStream(sink)) {
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < bytes.length; i += chunk) {
                out.write(bytes, i, Math.min(chunk, bytes.length - i));
            }
        }
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void karafsRedErrorBecomesPlainText() throws IOException {
        // What ShellUtil.logException prints for an unknown command, byte for byte.
        String karaf = "\u001b[31mCommand not found: \u001b[0m\u001b[31;1mnosuch:cmd\u001b[0m\n";
        assertEquals("Command not found: nosuch:cmd\n", plain(karaf, 4096));
    }

    @Test
    void sequencesSplitAcrossWritesAreRemovedToo() throws IOException {
        String text = "\u001b[1;31mError executing command: \u001b[0mNo model x@1 is installed 中文\n";
        for (int chunk = 1; chunk < 8; chunk++) {
            assertEquals("Error executing command: No model x@1 is installed 中文\n", plain(text, chunk));
        }
    }

    @Test
    void plainTextPassesUnchanged() throws IOException {
        assertEquals("a | b [1] ~\n", plain("a | b [1] ~\n", 3));
    }
}
